package racetiming

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Errors returned by Race.
var (
	ErrUnknownRunner = errors.New("racetiming: unknown runner")
	ErrNotOff        = errors.New("racetiming: race not off")
	ErrVoided        = errors.New("racetiming: race voided")
)

// Gate is a timing loop buried in the track.
type Gate struct {
	Name     string
	Distance int // metres from the start
}

// Runner is a horse in the race, identified by its saddle cloth number.
type Runner struct {
	Cloth  int
	Horse  string
	Jockey string
}

// Status is a runner's outcome.
type Status int

// Runner statuses.
const (
	Running Status = iota
	Finished
	PulledUp
)

func (s Status) String() string {
	switch s {
	case Running:
		return "running"
	case Finished:
		return "finished"
	case PulledUp:
		return "pulled up"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Split is the elapsed time at which a runner crossed a gate.
type Split struct {
	Gate    string
	Elapsed time.Duration
}

// Result is a runner's outcome as known at the time it was taken.
type Result struct {
	Runner
	Status   Status
	Position int // 1-based finishing position, 0 if not finished
	Time     time.Duration
	Splits   []Split
}

type entry struct {
	runner   Runner
	status   Status
	next     int // index of the next gate the transponder must cross
	splits   []Split
	position int
	finish   time.Duration
}

func (e *entry) result() Result {
	return Result{
		Runner:   e.runner,
		Status:   e.status,
		Position: e.position,
		Time:     e.finish,
		Splits:   append([]Split(nil), e.splits...),
	}
}

// Race records transponder passes for one race and lets callers wait for
// each runner's outcome.
type Race struct {
	Name  string
	gates []Gate

	mu       sync.Mutex
	cond     *sync.Cond
	runners  map[int]*entry
	off      time.Time
	voided   string
	finished int
	official bool
	watchers int
}

// NewRace sets up a race over the given gates; the last gate is the
// finish line.
func NewRace(name string, gates []Gate, runners []Runner) (*Race, error) {
	if len(gates) == 0 {
		return nil, errors.New("racetiming: no gates")
	}
	for i := 1; i < len(gates); i++ {
		if gates[i].Distance <= gates[i-1].Distance {
			return nil, fmt.Errorf("racetiming: gate %s out of order", gates[i].Name)
		}
	}
	r := &Race{Name: name, gates: gates, runners: make(map[int]*entry, len(runners))}
	r.cond = sync.NewCond(&r.mu)
	for _, rn := range runners {
		if _, dup := r.runners[rn.Cloth]; dup {
			return nil, fmt.Errorf("racetiming: duplicate cloth %d", rn.Cloth)
		}
		r.runners[rn.Cloth] = &entry{runner: rn}
	}
	return r, nil
}

// Start records the moment the stalls opened.
func (r *Race) Start(at time.Time) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.off.IsZero() {
		return errors.New("racetiming: already off")
	}
	r.off = at
	return nil
}

// RecordPass records a transponder crossing gate index g. Passes for gates
// the runner has already crossed are ignored: loops often read a tag twice.
func (r *Race) RecordPass(g, cloth int, at time.Time) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.off.IsZero() {
		return ErrNotOff
	}
	e, ok := r.runners[cloth]
	if !ok {
		return fmt.Errorf("%w: %d", ErrUnknownRunner, cloth)
	}
	if e.status != Running || g < e.next {
		return nil
	}
	if g >= len(r.gates) {
		return fmt.Errorf("racetiming: no gate %d", g)
	}
	elapsed := at.Sub(r.off)
	for ; e.next <= g; e.next++ {
		// A missed read at an earlier loop is filled with this one's time.
		e.splits = append(e.splits, Split{Gate: r.gates[e.next].Name, Elapsed: elapsed})
	}
	if g == len(r.gates)-1 {
		r.finished++
		e.status = Finished
		e.position = r.finished
		e.finish = elapsed
		r.settleLocked()
		r.cond.Broadcast()
	}
	return nil
}

// PullUp records that a jockey stopped riding; the runner will not finish.
func (r *Race) PullUp(cloth int) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.runners[cloth]
	if !ok {
		return fmt.Errorf("%w: %d", ErrUnknownRunner, cloth)
	}
	if e.status != Running {
		return fmt.Errorf("racetiming: runner %d already %v", cloth, e.status)
	}
	e.status = PulledUp
	r.settleLocked()
	r.cond.Broadcast()
	return nil
}

// Void declares the race void, releasing everyone waiting on it.
func (r *Race) Void(reason string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.voided = reason
	r.cond.Broadcast()
}

func (r *Race) settleLocked() {
	for _, e := range r.runners {
		if e.status == Running {
			return
		}
	}
	r.official = true
}

// Await blocks until the runner finishes or is pulled up.
func (r *Race) Await(cloth int) (Result, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.runners[cloth]
	if !ok {
		return Result{}, fmt.Errorf("%w: %d", ErrUnknownRunner, cloth)
	}
	r.watchers++
	defer func() { r.watchers-- }()
	for e.status == Running && r.voided == "" {
		r.cond.Wait()
	}
	if r.voided != "" {
		return Result{}, fmt.Errorf("%w: %s", ErrVoided, r.voided)
	}
	return e.result(), nil
}

// Watchers reports how many callers are blocked in Await.
func (r *Race) Watchers() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.watchers
}

// Runners returns the field in saddle cloth order.
func (r *Race) Runners() []Runner {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Runner, 0, len(r.runners))
	for _, e := range r.runners {
		out = append(out, e.runner)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Cloth < out[j].Cloth })
	return out
}

// Official reports whether every runner has an outcome.
func (r *Race) Official() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.official
}

// Standings returns every runner, finishers first in finishing order.
func (r *Race) Standings() []Result {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Result, 0, len(r.runners))
	for _, e := range r.runners {
		out = append(out, e.result())
	}
	sort.Slice(out, func(i, j int) bool {
		pi, pj := out[i].Position, out[j].Position
		if (pi == 0) != (pj == 0) {
			return pi != 0
		}
		if pi != pj {
			return pi < pj
		}
		return out[i].Cloth < out[j].Cloth
	})
	return out
}
