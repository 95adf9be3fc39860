package fixed_gateway

type flushWorker struct {
	in      chan Message
	written []string
}

func (w *flushWorker) loop() {
	for m := range w.in {
		w.written = append(w.written, m.Body)
		if m.ack != nil { // only a waiting sender gets an acknowledgement
			m.ack <- m.ID
		}
	}
}
