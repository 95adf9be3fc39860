package fixed_metrics_tail

// follow records every sample until the stream ends.
func (t *Tailer) follow() {
	for {
		var s Sample
		if err := t.dec.Decode(&s); err != nil {
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

// Stop stops recording and closes the connection, which ends the decoder's read.
func (t *Tailer) Stop() {
	t.mu.Lock()
	t.stopped = true
	t.mu.Unlock()
	t.conn.Close()
}
