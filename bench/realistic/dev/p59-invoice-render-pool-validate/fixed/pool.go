package invoicing

import (
	"context"
	"fmt"
	"runtime"
	"sync"
)

// Store persists rendered documents.
type Store interface {
	Put(ctx context.Context, key string, doc []byte) error
}

// Renderer renders invoices with a fixed pool of workers.
type Renderer struct {
	store   Store
	workers int
}

// NewRenderer returns a Renderer writing to store; workers <= 0 uses GOMAXPROCS.
func NewRenderer(store Store, workers int) *Renderer {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return &Renderer{store: store, workers: workers}
}

// Report summarises one RenderAll run.
type Report struct {
	Rendered int
	Failed   map[string]error
}

type result struct {
	number string
	err    error
}

// RenderAll renders and stores every invoice. A malformed invoice aborts the
// whole run before anything else is queued.
func (r *Renderer) RenderAll(ctx context.Context, invoices []Invoice) (Report, error) {
	jobs := make(chan Invoice)
	results := make(chan result, len(invoices))
	var wg sync.WaitGroup
	for i := 0; i < r.workers; i++ {
		wg.Add(1)
		go r.worker(ctx, jobs, results, &wg)
	}

	for _, inv := range invoices {
		if err := inv.Validate(); err != nil {
			close(jobs)
			wg.Wait()
			return Report{}, fmt.Errorf("invoicing: %s: %w", inv.Number, err)
		}
		jobs <- inv
	}
	close(jobs)
	wg.Wait()
	close(results)

	rep := Report{Failed: map[string]error{}}
	for res := range results {
		if res.err != nil {
			rep.Failed[res.number] = res.err
			continue
		}
		rep.Rendered++
	}
	return rep, nil
}

func (r *Renderer) worker(ctx context.Context, jobs <-chan Invoice, results chan<- result, wg *sync.WaitGroup) {
	defer wg.Done()
	for inv := range jobs {
		doc := renderText(inv)
		err := r.store.Put(ctx, "invoices/"+inv.Number+".txt", doc)
		results <- result{number: inv.Number, err: err}
	}
}
