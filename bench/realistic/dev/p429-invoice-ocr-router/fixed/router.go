package ocrrouter

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// Router fans a batch of scans out to OCR engines and pushes matched
// invoices onto the approval queue.
type Router struct {
	engines []Engine
	queue   ApprovalQueue
	matcher matcher
	workers int
}

// Option configures a Router.
type Option func(*Router)

// WithWorkers sets how many scans are processed concurrently.
func WithWorkers(n int) Option {
	return func(r *Router) {
		if n > 0 {
			r.workers = n
		}
	}
}

// WithTolerance sets how far, in basis points, an invoice may exceed the
// open purchase order balance and still be auto-approved.
func WithTolerance(bps int64) Option {
	return func(r *Router) { r.matcher.toleranceBps = bps }
}

// WithMinConfidence sets the minimum OCR confidence for automatic matching.
func WithMinConfidence(c float64) Option {
	return func(r *Router) { r.matcher.minConfidence = c }
}

// New returns a Router. Engines are tried in order; the first engine that
// supports a scan's format is its primary, later ones are fallbacks.
func New(engines []Engine, store POStore, queue ApprovalQueue, opts ...Option) (*Router, error) {
	if len(engines) == 0 {
		return nil, errors.New("ocrrouter: at least one engine is required")
	}
	r := &Router{
		engines: engines,
		queue:   queue,
		matcher: matcher{store: store, toleranceBps: 100, minConfidence: 0.85},
		workers: 4,
	}
	for _, o := range opts {
		o(r)
	}
	return r, nil
}

// Result is the outcome for one scan in a batch.
type Result struct {
	ScanID   string
	Approval Approval
	Err      error
}

// BatchReport summarises a processed batch.
type BatchReport struct {
	Results      []Result
	AutoApproved int
	Manual       int
	Failed       int
}

type job struct {
	scan    Scan
	engines []Engine
}

// ProcessBatch OCRs, matches and queues every scan in the batch. A scan in
// a format none of the engines understands aborts the batch, because it
// usually means the intake channel is misconfigured.
func (r *Router) ProcessBatch(ctx context.Context, scans []Scan) (BatchReport, error) {
	jobs := make(chan job)
	results := make(chan Result, len(scans))
	wg := r.startWorkers(ctx, jobs, results)

feed:
	for _, s := range scans {
		engines := r.route(s)
		if len(engines) == 0 {
			close(jobs)
			wg.Wait()
			return BatchReport{}, fmt.Errorf("scan %s (%s): %w", s.ID, s.MIMEType, ErrUnsupportedFormat)
		}
		select {
		case jobs <- job{scan: s, engines: engines}:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	close(results)

	var rep BatchReport
	for res := range results {
		switch {
		case res.Err != nil:
			rep.Failed++
		case res.Approval.Decision == AutoApprove:
			rep.AutoApproved++
		default:
			rep.Manual++
		}
		rep.Results = append(rep.Results, res)
	}
	if err := ctx.Err(); err != nil {
		return rep, fmt.Errorf("batch interrupted: %w", err)
	}
	return rep, nil
}

// startWorkers launches the worker pool. Workers exit once jobs is closed.
func (r *Router) startWorkers(ctx context.Context, jobs <-chan job, results chan<- Result) *sync.WaitGroup {
	var wg sync.WaitGroup
	for i := 0; i < r.workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- r.process(ctx, j)
			}
		}()
	}
	return &wg
}

// route returns the engines able to read the scan, primary first.
func (r *Router) route(s Scan) []Engine {
	var out []Engine
	for _, e := range r.engines {
		if e.Supports(s.MIMEType) {
			out = append(out, e)
		}
	}
	return out
}

// process runs OCR with fallback, matches the result and enqueues it.
func (r *Router) process(ctx context.Context, j job) Result {
	res := Result{ScanID: j.scan.ID}
	ex, err := r.recognize(ctx, j)
	if err != nil {
		res.Err = err
		return res
	}
	a, err := r.matcher.match(ctx, j.scan, ex)
	if err != nil {
		res.Err = fmt.Errorf("scan %s: %w", j.scan.ID, err)
		return res
	}
	if err := r.queue.Enqueue(ctx, a); err != nil {
		res.Err = fmt.Errorf("scan %s: enqueue approval: %w", j.scan.ID, err)
		return res
	}
	res.Approval = a
	return res
}

// recognize tries each engine in turn until one produces a confident
// extraction. If engines answered but none was confident, the best answer
// is returned so the matcher can route it to manual review; if every engine
// failed, the last error is returned.
func (r *Router) recognize(ctx context.Context, j job) (Extraction, error) {
	var (
		best    Extraction
		found   bool
		lastErr error
	)
	for _, e := range j.engines {
		ex, err := e.Recognize(ctx, j.scan)
		if err != nil {
			lastErr = fmt.Errorf("ocr %s: %w", e.Name(), err)
			if ctx.Err() != nil {
				break
			}
			continue
		}
		ex.Engine = e.Name()
		if ex.Confidence >= r.matcher.minConfidence {
			return ex, nil
		}
		if !found || ex.Confidence > best.Confidence {
			best, found = ex, true
		}
	}
	if found {
		return best, nil
	}
	return Extraction{}, fmt.Errorf("scan %s: %w", j.scan.ID, lastErr)
}
