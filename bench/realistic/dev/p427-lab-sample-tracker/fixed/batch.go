package labtrack

import (
	"context"
	"fmt"
	"sync"
)

// Outcome is what happened to one sample of a batch.
type Outcome struct {
	Sample Sample
	Result Result
	Err    error
}

// batch feeds the samples of one rack to the analyzers, one worker per
// analyzer so that each instrument sees its samples in order.
type batch struct {
	t      *Tracker
	queues map[string]chan Sample
	wg     sync.WaitGroup

	mu       sync.Mutex
	outcomes []Outcome
}

func (t *Tracker) startBatch(ctx context.Context) *batch {
	b := &batch{t: t, queues: make(map[string]chan Sample, len(t.cfg.Analyzers))}
	for _, a := range t.cfg.Analyzers {
		q := make(chan Sample, t.cfg.QueueDepth)
		b.queues[a.Name()] = q
		b.wg.Add(1)
		go b.work(ctx, a, q)
	}
	return b
}

func (b *batch) work(ctx context.Context, a Analyzer, q <-chan Sample) {
	defer b.wg.Done()
	for s := range q {
		out := b.t.process(ctx, a, s)
		b.mu.Lock()
		b.outcomes = append(b.outcomes, out)
		b.mu.Unlock()
	}
}

// submit queues s for analyzer a, waiting if the analyzer is backed up.
func (b *batch) submit(a Analyzer, s Sample) {
	b.queues[a.Name()] <- s
}

// finish waits for every queued sample to be processed.
func (b *batch) finish() []Outcome {
	for _, q := range b.queues {
		close(q)
	}
	b.wg.Wait()
	return b.outcomes
}

// RunBatch routes a rack of samples to the analyzers and waits for their
// results. Individual analyzer, storage and escalation failures are
// reported in the outcomes; RunBatch itself fails only if a sample cannot
// be routed, in which case the rack is sent back for relabelling.
func (t *Tracker) RunBatch(ctx context.Context, rackID string, samples []Sample) ([]Outcome, error) {
	b := t.startBatch(ctx)
	for _, s := range samples {
		t.receive(s)
		a, err := t.route(s)
		if err != nil {
			b.finish()
			return nil, fmt.Errorf("rack %s: %w", rackID, err)
		}
		b.submit(a, s)
	}
	return b.finish(), nil
}
