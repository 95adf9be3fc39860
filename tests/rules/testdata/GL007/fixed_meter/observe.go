package meter

// Observe records one sample, or drops it once the meter is stopped.
func (m *Meter) Observe(v float64) bool {
	select {
	case m.samples <- v:
		return true
	case <-m.stop:
		return false
	}
}

// Stop ends the meter's loop.
func (m *Meter) Stop() {
	close(m.stop)
}
