package meter

import "time"

// Meter sums observations and resets the total on every tick.
type Meter struct {
	samples chan float64
	stop    chan struct{}
	total   float64
	every   time.Duration
}

func New(every time.Duration) *Meter {
	m := &Meter{samples: make(chan float64), stop: make(chan struct{}), every: every}
	go m.loop()
	return m
}

func (m *Meter) loop() {
	t := time.NewTicker(m.every)
	defer t.Stop()
	for {
		select {
		case v := <-m.samples:
			m.total += v
		case <-t.C:
			m.total = 0
		case <-m.stop:
			return
		}
	}
}

// Follow observes every value src delivers, until src is closed.
func (m *Meter) Follow(src <-chan float64) {
	go func() {
		for v := range src {
			m.Observe(v)
		}
	}()
}
