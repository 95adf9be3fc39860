package streamleftwithroom

// Near miss of a stream left early: the channel holds every value the producer will
// ever send (one per runner), so leaving the range strands nobody.

type runner struct{ name string }

func compile(runners []runner) <-chan string {
	out := make(chan string, len(runners))
	go func() {
		defer close(out)
		for _, r := range runners {
			out <- r.name
		}
	}()
	return out
}

// FirstFailing returns the first runner whose output says it failed.
func FirstFailing(runners []runner, failed func(string) bool) string {
	for name := range compile(runners) {
		if failed(name) {
			return name
		}
	}
	return ""
}
