package metrics

// Options for Record.
type Options struct {
	Archive func(Sample)
	// Live, when set, also shows every sample on the live view.
	Live func(Sample)
}

// Record archives every sample of in and, if configured, shows it live.
func Record(in <-chan Sample, opt Options) {
	toArchive, toLive := Tee(in)
	go func() {
		for s := range toArchive {
			opt.Archive(s)
		}
	}()
	if opt.Live != nil {
		go func() {
			for s := range toLive {
				opt.Live(s)
			}
		}()
	}
}
