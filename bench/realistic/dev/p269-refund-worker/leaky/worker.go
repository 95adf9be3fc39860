package refund

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"
)

// Logger is the subset of *log.Logger used by the worker.
type Logger interface {
	Printf(format string, args ...interface{})
}

// Option configures a Worker.
type Option func(*Worker)

// WithConcurrency sets how many refunds are submitted to the processor in
// parallel.
func WithConcurrency(n int) Option { return func(w *Worker) { w.concurrency = n } }

// WithBatchSize sets how many requests are leased per batch.
func WithBatchSize(n int) Option { return func(w *Worker) { w.batchSize = n } }

// WithMaxAttempts sets after how many attempts a retryable request is dropped.
func WithMaxAttempts(n int) Option { return func(w *Worker) { w.maxAttempts = n } }

// WithBackoff sets the default delay before a failed request is retried.
func WithBackoff(d time.Duration) Option { return func(w *Worker) { w.backoff = d } }

// WithPollInterval sets how long Run waits after an empty or failed batch.
func WithPollInterval(d time.Duration) Option { return func(w *Worker) { w.pollInterval = d } }

// WithLogger sets the logger.
func WithLogger(l Logger) Option { return func(w *Worker) { w.log = l } }

// Worker drains the refund queue.
type Worker struct {
	queue  Queue
	proc   Processor
	ledger Ledger

	concurrency  int
	batchSize    int
	maxAttempts  int
	backoff      time.Duration
	pollInterval time.Duration
	log          Logger
}

// New returns a worker with sensible defaults.
func New(q Queue, p Processor, l Ledger, opts ...Option) (*Worker, error) {
	if q == nil || p == nil || l == nil {
		return nil, errors.New("refund: queue, processor and ledger are required")
	}
	w := &Worker{
		queue:        q,
		proc:         p,
		ledger:       l,
		concurrency:  4,
		batchSize:    32,
		maxAttempts:  5,
		backoff:      30 * time.Second,
		pollInterval: 5 * time.Second,
		log:          log.Default(),
	}
	for _, opt := range opts {
		opt(w)
	}
	if w.concurrency < 1 || w.batchSize < 1 || w.maxAttempts < 1 {
		return nil, fmt.Errorf("refund: invalid options (concurrency=%d batch=%d attempts=%d)",
			w.concurrency, w.batchSize, w.maxAttempts)
	}
	return w, nil
}

// Run processes batches until ctx is done.
func (w *Worker) Run(ctx context.Context) error {
	for {
		st, err := w.RunOnce(ctx)
		if err != nil {
			w.log.Printf("refund batch failed: %v", err)
		}
		if err == nil && st.Leased == w.batchSize {
			continue // the queue is probably not empty yet
		}
		t := time.NewTimer(w.pollInterval)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

type outcome struct {
	req Request
	res Result
	err error
}

// RunOnce leases a batch, submits every request to the processor and records
// the results. A ledger failure aborts the batch: requests that were not yet
// recorded are left leased and will be redelivered.
func (w *Worker) RunOnce(ctx context.Context) (Stats, error) {
	var st Stats
	batch, err := w.queue.Lease(ctx, w.batchSize)
	if err != nil {
		return st, fmt.Errorf("lease refunds: %w", err)
	}
	st.Leased = len(batch)
	if len(batch) == 0 {
		return st, nil
	}

	jobs := make(chan Request, len(batch))
	for _, req := range batch {
		jobs <- req
	}
	close(jobs)

	results := make(chan outcome)
	n := w.concurrency
	if n > len(batch) {
		n = len(batch)
	}
	for i := 0; i < n; i++ {
		go w.submit(ctx, jobs, results)
	}

	for range batch {
		o := <-results
		if err := w.settle(ctx, o, &st); err != nil {
			return st, err
		}
	}
	return st, nil
}

// submit sends queued requests to the processor.
func (w *Worker) submit(ctx context.Context, jobs <-chan Request, results chan<- outcome) {
	for req := range jobs {
		o := outcome{req: req}
		if err := req.Validate(); err != nil {
			o.err = err
		} else {
			o.res, o.err = w.proc.Refund(ctx, req)
		}
		results <- o // leak: RunOnce stops receiving after a ledger error
	}
}

// settle acks, nacks or records a single outcome. It returns an error only
// when the batch cannot continue.
func (w *Worker) settle(ctx context.Context, o outcome, st *Stats) error {
	if o.err != nil {
		return w.retryOrDrop(ctx, o.req, o.err, st)
	}
	res := o.res
	switch res.Status {
	case StatusPending:
		// The processor will call back; look again later.
		st.Pending++
		return w.nack(ctx, o.req, w.backoff)
	case StatusSucceeded:
		if res.SettledMinor != o.req.AmountMinor {
			err := fmt.Errorf("%w: request %s wanted %d, settled %d",
				ErrAmountMismatch, o.req.ID, o.req.AmountMinor, res.SettledMinor)
			w.log.Printf("refund %s needs manual review: %v", o.req.ID, err)
		}
		st.Succeeded++
	case StatusDeclined:
		st.Declined++
	default:
		return w.retryOrDrop(ctx, o.req, fmt.Errorf("unexpected status %v", res.Status), st)
	}

	if err := w.ledger.Record(ctx, o.req, res); err != nil {
		return fmt.Errorf("record refund %s (%s): %w", o.req.ID, res.ProcessorRef, err)
	}
	if err := w.queue.Ack(ctx, o.req.ID); err != nil {
		// The ledger write is idempotent on request id, so a redelivery is harmless.
		w.log.Printf("ack refund %s: %v", o.req.ID, err)
	}
	return nil
}

func (w *Worker) retryOrDrop(ctx context.Context, req Request, cause error, st *Stats) error {
	var tmp *TemporaryError
	if errors.As(cause, &tmp) && req.Attempt+1 < w.maxAttempts {
		delay := w.backoff
		if tmp.RetryAfter > 0 {
			delay = tmp.RetryAfter
		}
		st.Retried++
		return w.nack(ctx, req, delay)
	}
	st.Dropped++
	w.log.Printf("dropping refund %s after attempt %d: %v", req.ID, req.Attempt+1, cause)
	if err := w.queue.Ack(ctx, req.ID); err != nil {
		w.log.Printf("ack dropped refund %s: %v", req.ID, err)
	}
	return nil
}

func (w *Worker) nack(ctx context.Context, req Request, delay time.Duration) error {
	if err := w.queue.Nack(ctx, req.ID, delay); err != nil {
		w.log.Printf("nack refund %s: %v", req.ID, err)
	}
	return nil
}
