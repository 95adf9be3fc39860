package consumer

import (
	"context"
	"sync"
)

// partitionWorker handles the messages of one partition in order.
type partitionWorker struct {
	partition int32
	handler   Handler
	onError   func(Message, error)

	batches chan []Message
	ctx     context.Context
	cancel  context.CancelFunc
	done    chan struct{}

	// next is the next offset to fetch. It is owned by the Run goroutine.
	next int64

	mu        sync.Mutex
	processed int64 // offset following the last handled message
}

func startWorker(parent context.Context, p int32, offset int64, h Handler, onError func(Message, error)) *partitionWorker {
	ctx, cancel := context.WithCancel(parent)
	w := &partitionWorker{
		partition: p,
		handler:   h,
		onError:   onError,
		batches:   make(chan []Message, 1),
		ctx:       ctx,
		cancel:    cancel,
		done:      make(chan struct{}),
		next:      offset,
		processed: offset,
	}
	go w.run()
	return w
}

func (w *partitionWorker) run() {
	defer close(w.done)
	for batch := range w.batches { // leak: revoked workers are cancelled but their batch channel is never closed
		for _, m := range batch {
			if w.ctx.Err() != nil {
				break
			}
			if err := w.handler.Handle(w.ctx, m); err != nil {
				if w.ctx.Err() != nil {
					// Interrupted, not handled: leave it to the next owner.
					break
				}
				w.onError(m, err)
			}
			w.mu.Lock()
			w.processed = m.Offset + 1
			w.mu.Unlock()
		}
	}
}

// idle reports whether the worker can take another batch.
func (w *partitionWorker) idle() bool {
	return len(w.batches) < cap(w.batches)
}

// enqueue hands a batch to the worker without blocking. It reports whether
// the batch was accepted.
func (w *partitionWorker) enqueue(batch []Message) bool {
	select {
	case w.batches <- batch:
		return true
	default:
		return false
	}
}

// position returns the offset from which handling should resume.
func (w *partitionWorker) position() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.processed
}

// drain lets the worker finish every queued batch and waits for it to exit.
func (w *partitionWorker) drain() {
	close(w.batches)
	<-w.done
	w.cancel()
}

// abort makes the worker stop handling messages as soon as the current
// handler call returns.
func (w *partitionWorker) abort() {
	w.cancel()
}
