package meter

// Observe records one sample.
func (m *Meter) Observe(v float64) {
	m.samples <- v // want "`Observe` blocks forever sending on `m.samples` once `Stop` has run: the only receiver, `loop`'s loop, returns when `Stop` closes `m.stop`"
}

// Stop ends the meter's loop.
func (m *Meter) Stop() {
	close(m.stop)
}
