package showctl

import (
	"context"
	"fmt"
	"sync"
	"time"
)

type performance struct {
	queues map[string]chan Cue
	cancel context.CancelFunc
	wg     sync.WaitGroup
	done   chan struct{}

	mu     sync.Mutex
	report Report
}

func newPerformance(title string, cancel context.CancelFunc) *performance {
	return &performance{
		queues: make(map[string]chan Cue),
		cancel: cancel,
		done:   make(chan struct{}),
		report: Report{Title: title, Started: time.Now()},
	}
}

func (p *performance) abort() {
	p.mu.Lock()
	p.report.Aborted = true
	p.mu.Unlock()
	p.cancel()
}

func (p *performance) record(cue Cue, err error, skipped bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case skipped:
		p.report.Skipped++
	case err != nil:
		p.report.Failed++
		p.report.Errors = append(p.report.Errors, fmt.Sprintf("%s on %s: %v", cue.ID, cue.Device, err))
	default:
		p.report.Fired++
	}
}

func (p *performance) snapshot() Report {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.report
	r.Errors = append([]string(nil), p.report.Errors...)
	return r
}

func (c *Controller) dispatch(ctx context.Context, p *performance, dev Device, cues <-chan Cue) {
	defer p.wg.Done()
	for cue := range cues {
		if ctx.Err() != nil {
			p.record(cue, nil, true)
			continue
		}
		cctx, cancel := context.WithTimeout(ctx, c.cfg.CueTimeout)
		err := dev.Apply(cctx, cue)
		cancel()
		if err != nil {
			c.log.Printf("showctl: cue %s on %s failed: %v", cue.ID, dev.Name(), err)
		}
		p.record(cue, err, false)
	}
}

func (c *Controller) play(ctx context.Context, p *performance, timeline []Cue) {
	defer close(p.done)
	defer c.finish(p)
	defer p.wg.Wait()
	defer func() {
		for _, ch := range p.queues {
			close(ch)
		}
	}()

	start := time.Now()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for i, cue := range timeline {
		if wait := time.Until(start.Add(cue.At)); wait > 0 {
			if !timer.Stop() {
				select {
				case <-timer.C:
				default:
				}
			}
			timer.Reset(wait)
			select {
			case <-timer.C:
			case <-ctx.Done():
				c.skipRest(p, timeline[i:])
				return
			}
		}
		select {
		case p.queues[cue.Device] <- cue:
		case <-ctx.Done():
			c.skipRest(p, timeline[i:])
			return
		}
	}
	p.mu.Lock()
	p.report.Ended = time.Now()
	p.mu.Unlock()
}

func (c *Controller) skipRest(p *performance, rest []Cue) {
	for _, cue := range rest {
		p.record(cue, nil, true)
	}
	p.mu.Lock()
	p.report.Aborted = true
	p.report.Ended = time.Now()
	p.mu.Unlock()
}
