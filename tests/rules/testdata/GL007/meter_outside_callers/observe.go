package meter

// Observe records one sample. Only callers outside the package call it, and they are
// told not to after Stop (FED_BY_A_GOROUTINE: no goroutine of the package feeds it).
func (m *Meter) Observe(v float64) {
	m.samples <- v
}

// Stop ends the meter's loop.
func (m *Meter) Stop() {
	close(m.stop)
}
