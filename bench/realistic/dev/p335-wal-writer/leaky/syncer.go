package wal

import (
	"fmt"
	"sync/atomic"
)

// syncReq asks the syncer to make an append durable.
type syncReq struct {
	seg  *segment
	done chan error // buffered; receives the fsync result
}

// syncLoop implements group commit: it takes one request, collects any
// others that are already waiting, and fsyncs once for the whole batch.
func (w *Writer) syncLoop() {
	defer close(w.syncerDone)
	batch := make([]*syncReq, 0, w.opts.MaxBatch)
	for {
		select {
		case req := <-w.syncReqs:
			batch = append(batch[:0], req)
		case <-w.stop:
			return
		}
	collect:
		for len(batch) < w.opts.MaxBatch {
			select {
			case req := <-w.syncReqs:
				batch = append(batch, req)
			default:
				break collect
			}
		}
		w.flush(batch)
	}
}

// flush fsyncs every segment touched by batch once, answers each request
// and releases its in-flight reference. Around a rotation a batch can span
// two segments.
func (w *Writer) flush(batch []*syncReq) {
	results := make(map[*segment]error, 2)
	for _, req := range batch {
		err, ok := results[req.seg]
		if !ok {
			err = req.seg.f.Sync()
			if err != nil {
				err = fmt.Errorf("fsync %s: %w", req.seg.name, err)
			}
			atomic.AddUint64(&w.fsyncs, 1)
			results[req.seg] = err
		}
		req.done <- err
		req.seg.inflight.Done()
	}
}
