package placement

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrClosed is returned by Submit after Close.
var ErrClosed = errors.New("placement: placer closed")

// Scorer grades the written part of the test, usually by calling the
// marking service.
type Scorer interface {
	EssayBand(ctx context.Context, candidateID, essay string) (float64, error)
}

// Roster reserves a seat in a class.
type Roster interface {
	Assign(ctx context.Context, p Programme, l Level, candidateID string) (classID string, err error)
}

// Outcome is the result of placing one candidate.
type Outcome struct {
	CandidateID string
	Programme   Programme
	Level       Level
	Score       float64
	ClassID     string
	Err         error
}

// Option configures a Placer.
type Option func(*Placer)

// WithWorkers sets how many candidates are placed concurrently.
func WithWorkers(n int) Option { return func(p *Placer) { p.workers = n } }

// WithQueue sets how many submissions may wait for a worker.
func WithQueue(n int) Option { return func(p *Placer) { p.queueLen = n } }

type job struct {
	ctx   context.Context
	cand  Candidate
	reply chan<- Outcome
}

// Placer scores placement tests and books candidates into classes using
// a fixed pool of workers.
type Placer struct {
	scorer   Scorer
	roster   Roster
	workers  int
	queueLen int

	mu       sync.RWMutex
	closed   bool
	queue    chan job
	inflight sync.WaitGroup
}

// New starts a Placer.
func New(s Scorer, r Roster, opts ...Option) *Placer {
	p := &Placer{scorer: s, roster: r, workers: 4, queueLen: 16}
	for _, o := range opts {
		o(p)
	}
	p.queue = make(chan job, p.queueLen)
	for i := 0; i < p.workers; i++ {
		go p.work()
	}
	return p
}

// Submit queues a candidate for placement. The outcome is delivered on the
// returned channel, which receives exactly one value.
func (p *Placer) Submit(ctx context.Context, c Candidate) (<-chan Outcome, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.closed {
		return nil, ErrClosed
	}
	reply := make(chan Outcome, 1)
	p.inflight.Add(1)
	select {
	case p.queue <- job{ctx: ctx, cand: c, reply: reply}:
		return reply, nil
	case <-ctx.Done():
		p.inflight.Done()
		return nil, ctx.Err()
	}
}

func (p *Placer) work() {
	for j := range p.queue {
		p.place(j)
	}
}

func (p *Placer) place(j job) {
	out := Outcome{CandidateID: j.cand.ID, Programme: j.cand.Programme}
	if err := j.cand.Validate(); err != nil {
		out.Err = err
		j.reply <- out
		return
	}
	defer p.inflight.Done()

	if err := j.ctx.Err(); err != nil {
		out.Err = err
		j.reply <- out
		return
	}
	band, err := p.scorer.EssayBand(j.ctx, j.cand.ID, j.cand.Essay)
	if err != nil {
		out.Err = fmt.Errorf("placement: scoring %s: %w", j.cand.ID, err)
		j.reply <- out
		return
	}
	out.Score = composite(j.cand, band)
	out.Level = levelFor(out.Score)
	// Exam classes start at B1; weaker exam candidates join general classes.
	if out.Programme == Exam && out.Level < B1 {
		out.Programme = General
	}
	out.ClassID, err = p.roster.Assign(j.ctx, out.Programme, out.Level, j.cand.ID)
	if err != nil {
		out.Err = fmt.Errorf("placement: booking %s into %s %v: %w", j.cand.ID, out.Programme, out.Level, err)
	}
	j.reply <- out
}

// Close stops accepting submissions and waits until every submitted
// candidate has been placed, or until ctx is done.
func (p *Placer) Close(ctx context.Context) error {
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		close(p.queue)
	}
	p.mu.Unlock()

	drained := make(chan struct{})
	go func() {
		p.inflight.Wait() // leak: rejected candidates never mark their submission done
		close(drained)
	}()
	select {
	case <-drained:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("placement: close: %w", ctx.Err())
	}
}
