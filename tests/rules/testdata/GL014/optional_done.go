package optionaldone

import "time"

// run: f := NewFlusher(Config{Every: time.Millisecond}); f.Close()

// Config configures a Flusher. Done, when set, stops it once closed.
type Config struct {
	Every time.Duration
	Done  <-chan struct{}
}

type Flusher struct {
	cfg     Config
	flushed int
}

func NewFlusher(cfg Config) *Flusher {
	f := &Flusher{cfg: cfg}
	go f.loop()
	return f
}

func (f *Flusher) loop() {
	for { // want "goroutine loops forever when the caller leaves `Config.Done` unset"
		select {
		case <-time.After(f.cfg.Every):
			f.flushed++
		case <-f.cfg.Done:
			return
		}
	}
}

// Close flushes one last time.
func (f *Flusher) Close() {
	f.flushed++
}
