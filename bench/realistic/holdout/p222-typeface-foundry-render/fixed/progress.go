package render

import "time"

// Progress is emitted once per rendered glyph.
type Progress struct {
	Family string
	Rune   rune
	Done   int
	Total  int
	Took   time.Duration
}

// Reporter receives rendering progress, e.g. to drive a proofing UI or to
// export metrics. Calls for one family arrive from a single goroutine.
type Reporter interface {
	Glyph(p Progress)
	Finished(family string, rendered, total int)
}

type nopReporter struct{}

func (nopReporter) Glyph(Progress)            {}
func (nopReporter) Finished(string, int, int) {}

// startReporter forwards progress events to rep from a dedicated goroutine
// so a slow reporter never stalls the rasterizer. The returned done channel
// is closed once the reporter has seen every event.
func startReporter(rep Reporter, family string, total, buffer int) (chan<- Progress, <-chan struct{}) {
	events := make(chan Progress, buffer)
	done := make(chan struct{})
	go func() {
		defer close(done)
		n := 0
		for p := range events {
			n++
			rep.Glyph(p)
		}
		rep.Finished(family, n, total)
	}()
	return events, done
}
