package meter

// Observe records one sample.
func (m *Meter) Observe(v float64) {
	m.samples <- v
}

// Next hands the next sample to a caller instead of the loop: after Stop, callers of
// Next still take what Observe sends.
func (m *Meter) Next() float64 {
	return <-m.samples
}

// Stop ends the meter's loop.
func (m *Meter) Stop() {
	close(m.stop)
}
