package optiononly

import "time"

func (t *Ticker) loop() {
	tick := time.NewTicker(t.period)
	defer tick.Stop()
	for {
		select {
		case <-t.quit:
			return
		case now := <-tick.C:
			t.fire(now)
		}
	}
}

// fire runs the handler, or reports the tick as missed while the last run is busy.
func (t *Ticker) fire(now time.Time) {
	if t.busy {
		t.missed <- now
		return
	}
	t.busy = true
	go func() {
		t.handler()
	}()
}
