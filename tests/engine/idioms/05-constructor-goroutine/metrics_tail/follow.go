package metrics_tail

// follow records every sample until the stream ends.
func (t *Tailer) follow() {
	for {
		var s Sample
		if err := t.dec.Decode(&s); err != nil { // want "blocks forever"
			return
		}
		t.mu.Lock()
		if t.stopped {
			t.mu.Unlock()
			return
		}
		t.latest[s.Name] = s.Value
		t.mu.Unlock()
	}
}

// Stop stops recording; the decoder still waits on the connection.
func (t *Tailer) Stop() {
	t.mu.Lock()
	t.stopped = true
	t.mu.Unlock()
}
