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
	live := opt.Live
	if live == nil {
		live = func(Sample) {} // the tee needs both outputs read
	}
	go func() {
		for s := range toLive {
			live(s)
		}
	}()
}
