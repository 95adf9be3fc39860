package export

import "context"

func (e *BatchExporter) loop() {
	defer close(e.done)
	for {
		batch, ok := e.next()
		if !ok {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), e.opts.ExportTimeout)
		if err := e.collector.Export(ctx, batch); err != nil {
			e.opts.Logger.Printf("export: dropping %d spans: %v", len(batch), err)
		}
		cancel()
	}
}

// next waits for queued spans and takes up to MaxBatch of them. It reports false
// once the exporter is shut down and everything queued has been taken.
func (e *BatchExporter) next() ([]Span, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for len(e.queue) == 0 && !e.closed {
		e.cond.Wait()
	}
	if e.closed && len(e.queue) == 0 {
		return nil, false
	}
	n := len(e.queue)
	if n > e.opts.MaxBatch {
		n = e.opts.MaxBatch
	}
	batch := make([]Span, n)
	copy(batch, e.queue)
	e.queue = e.queue[n:]
	return batch, true
}
