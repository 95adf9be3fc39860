package blendlab

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Assessment is what an evaluation panel reports for one trial.
type Assessment struct {
	Longevity time.Duration // how long the drydown stays perceptible on skin
	Sillage   int           // projection, 1 (skin scent) to 5 (room filling)
	Score     float64       // panel average, 0 to 10
	Notes     string
}

// Evaluator smells a trial. Implementations usually wrap a human panel queue
// or a GC-MS headspace rig.
type Evaluator interface {
	Evaluate(ctx context.Context, t Trial) (Assessment, error)
}

// Result is delivered to Config.OnResult for every trial a station finishes.
type Result struct {
	Trial      Trial
	Station    int
	Assessment Assessment
	Err        error
	Took       time.Duration
}

// Config describes a lab.
type Config struct {
	// Stations is the number of blotter stations working in parallel.
	Stations int
	// MaxPending bounds the number of trials waiting for a station.
	MaxPending int
	// EvalTimeout bounds a single evaluation.
	EvalTimeout time.Duration
	// OnResult is called from the station goroutine for each finished trial.
	OnResult func(Result)
	Logger   *log.Logger
}

var (
	// ErrClosed is returned by Submit after Close.
	ErrClosed = errors.New("blendlab: lab closed")
	// ErrBacklog is returned by Submit when MaxPending trials are waiting.
	ErrBacklog = errors.New("blendlab: too many pending trials")
)

// Stats counts what the lab has done so far.
type Stats struct {
	Submitted int
	Evaluated int
	Failed    int
	Discarded int
}

// Lab runs blend trials on a fixed set of stations. Trials are taken in
// submission order. The lab can be paused, for instance while raw materials
// are restocked, without losing queued trials.
type Lab struct {
	cfg  Config
	eval Evaluator
	log  *log.Logger

	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	cond    *sync.Cond
	pending []Trial
	paused  bool
	closed  bool
	stats   Stats
}

// NewLab starts cfg.Stations stations evaluating trials with eval.
func NewLab(eval Evaluator, cfg Config) (*Lab, error) {
	if eval == nil {
		return nil, errors.New("blendlab: nil evaluator")
	}
	if cfg.Stations <= 0 {
		return nil, fmt.Errorf("blendlab: need at least one station, got %d", cfg.Stations)
	}
	if cfg.MaxPending <= 0 {
		cfg.MaxPending = 64
	}
	if cfg.EvalTimeout <= 0 {
		cfg.EvalTimeout = 30 * time.Second
	}
	if cfg.OnResult == nil {
		cfg.OnResult = func(Result) {}
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}

	ctx, cancel := context.WithCancel(context.Background())
	l := &Lab{cfg: cfg, eval: eval, log: cfg.Logger, ctx: ctx, cancel: cancel}
	l.cond = sync.NewCond(&l.mu)

	for i := 0; i < cfg.Stations; i++ {
		go l.station(i)
	}
	return l, nil
}

// Submit validates t and queues it for the next free station.
func (l *Lab) Submit(t Trial) error {
	if err := t.Validate(); err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return ErrClosed
	}
	if len(l.pending) >= l.cfg.MaxPending {
		return ErrBacklog
	}
	l.pending = append(l.pending, t)
	l.stats.Submitted++
	l.cond.Signal()
	return nil
}

// Pause stops stations from taking new trials. Trials already on a blotter
// are finished.
func (l *Lab) Pause() {
	l.mu.Lock()
	l.paused = true
	l.mu.Unlock()
	l.log.Printf("lab paused")
}

// Resume lets stations take trials again.
func (l *Lab) Resume() {
	l.mu.Lock()
	l.paused = false
	l.mu.Unlock()
	l.cond.Broadcast()
	l.log.Printf("lab resumed")
}

// Close stops the lab. Trials still waiting for a station are discarded and
// returned so they can be resubmitted in the next session.
func (l *Lab) Close() []Trial {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	left := l.pending
	l.pending = nil
	l.stats.Discarded += len(left)
	l.mu.Unlock()

	l.cond.Broadcast()
	l.cancel()
	l.log.Printf("lab closed, %d trials discarded", len(left))
	return left
}

// Stats returns a copy of the lab counters.
func (l *Lab) Stats() Stats {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.stats
}

// next blocks until a trial is available to station id. It reports false
// once the lab is closed.
func (l *Lab) next() (Trial, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.paused || (len(l.pending) == 0 && !l.closed) {
		l.cond.Wait() // leak: a paused lab keeps stations waiting after Close
	}
	if l.closed {
		return Trial{}, false
	}
	t := l.pending[0]
	l.pending[0] = Trial{}
	l.pending = l.pending[1:]
	return t, true
}

func (l *Lab) station(id int) {
	for {
		t, ok := l.next()
		if !ok {
			l.log.Printf("station %d stopped", id)
			return
		}
		l.cfg.OnResult(l.run(id, t))
	}
}

func (l *Lab) run(id int, t Trial) Result {
	ctx, cancel := context.WithTimeout(l.ctx, l.cfg.EvalTimeout)
	defer cancel()

	start := time.Now()
	a, err := l.eval.Evaluate(ctx, t)
	res := Result{Trial: t, Station: id, Assessment: a, Took: time.Since(start)}

	l.mu.Lock()
	if err != nil {
		res.Err = fmt.Errorf("blendlab: trial %s on station %d: %w", t.ID, id, err)
		l.stats.Failed++
	} else {
		l.stats.Evaluated++
	}
	l.mu.Unlock()

	if err != nil {
		l.log.Printf("%v", res.Err)
	} else {
		l.log.Printf("station %d: %s scored %.1f (%s)", id, t.ID, a.Score, t.Dominant(2))
	}
	return res
}
