package optionaldone

import "time"

// Config configures a Flusher. Done, when set, stops it once closed.
type Config struct {
	Every time.Duration
	Done  <-chan struct{}
}

type Flusher struct {
	cfg     Config
	flushed int
	stop    chan struct{}
}

func NewFlusher(cfg Config) *Flusher {
	f := &Flusher{cfg: cfg}
	f.stop = make(chan struct{})
	go f.loop()
	return f
}

func (f *Flusher) loop() {
	for {
		select {
		case <-time.After(f.cfg.Every):
			f.flushed++
		case <-f.cfg.Done:
			return
		case <-f.stop:
			return
		}
	}
}

// Close flushes one last time and stops the loop.
func (f *Flusher) Close() {
	close(f.stop)
	f.flushed++
}
