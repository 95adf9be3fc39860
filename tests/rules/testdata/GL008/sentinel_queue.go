package sentinelqueue

// Writer compresses blocks in order in one goroutine; Close sends an empty block as
// the last one, which ends the loop without closing the queue.
type Writer struct {
	blocks chan []byte
	done   chan struct{}
}

func NewWriter() *Writer {
	w := &Writer{blocks: make(chan []byte, 4), done: make(chan struct{})}
	go func() {
		for b := range w.blocks {
			if len(b) == 0 {
				close(w.done)
				return
			}
			_ = b
		}
	}()
	return w
}

func (w *Writer) Write(b []byte) { w.blocks <- b }

func (w *Writer) Close() {
	w.blocks <- nil
	<-w.done
}
