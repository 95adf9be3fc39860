package gateway

type flushWorker struct {
	in      chan Message
	acks    chan int
	written []string
}

func (w *flushWorker) loop() {
	for m := range w.in {
		w.written = append(w.written, m.Body)
		w.acks <- m.ID // want "blocks forever"
	}
}
