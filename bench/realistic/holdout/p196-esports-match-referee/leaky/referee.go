package referee

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Errors returned by the referee.
var (
	ErrMatchExists    = errors.New("referee: match already officiated")
	ErrUnknownMatch   = errors.New("referee: unknown match")
	ErrMatchNotPaused = errors.New("referee: match is not paused")
)

// Config configures a Referee.
type Config struct {
	Rules []Rule
	// PauseAt is the lowest severity that pauses the match. Lower severities
	// are only reported to officials. Defaults to SeverityMajor.
	PauseAt Severity
	// ControlTimeout bounds calls to the game server. Defaults to 10s.
	ControlTimeout time.Duration
	Notifier       Notifier
	Logger         *log.Logger
}

// Referee officiates any number of concurrent matches.
type Referee struct {
	cfg     Config
	source  EventSource
	control ServerControl

	mu      sync.Mutex
	matches map[string]*match
}

type matchStatus int

const (
	statusLive matchStatus = iota
	statusPaused
	statusEnded
)

type match struct {
	id     string
	state  *MatchState
	cancel context.CancelFunc

	mu        sync.Mutex
	cond      *sync.Cond
	status    matchStatus
	incidents []Violation
}

// New returns a Referee reading events from source and pausing servers
// through control.
func New(cfg Config, source EventSource, control ServerControl) (*Referee, error) {
	if source == nil || control == nil {
		return nil, errors.New("referee: event source and server control are required")
	}
	if len(cfg.Rules) == 0 {
		return nil, errors.New("referee: no rules configured")
	}
	if cfg.PauseAt == SeverityInfo {
		cfg.PauseAt = SeverityMajor
	}
	if cfg.ControlTimeout <= 0 {
		cfg.ControlTimeout = 10 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	return &Referee{cfg: cfg, source: source, control: control, matches: make(map[string]*match)}, nil
}

// StartMatch begins officiating a match with the given roster (player -> team).
func (r *Referee) StartMatch(ctx context.Context, matchID string, roster map[string]string, halfLength int) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.matches[matchID]; ok {
		return fmt.Errorf("%w: %s", ErrMatchExists, matchID)
	}
	mctx, cancel := context.WithCancel(ctx)
	events, err := r.source.Subscribe(mctx, matchID)
	if err != nil {
		cancel()
		return fmt.Errorf("referee: subscribe to %s: %w", matchID, err)
	}
	m := &match{
		id: matchID,
		state: &MatchState{
			MatchID:     matchID,
			Roster:      roster,
			Disconnects: make(map[string]int),
			HalfLength:  halfLength,
		},
		cancel: cancel,
	}
	m.cond = sync.NewCond(&m.mu)
	r.matches[matchID] = m
	go r.officiate(mctx, m, events)
	return nil
}

// Resume lets a match paused by the referee continue after review.
func (r *Referee) Resume(ctx context.Context, matchID string) error {
	m, err := r.lookup(matchID)
	if err != nil {
		return err
	}
	m.mu.Lock()
	if m.status != statusPaused {
		m.mu.Unlock()
		return fmt.Errorf("%w: %s", ErrMatchNotPaused, matchID)
	}
	m.status = statusLive
	m.incidents = nil
	m.cond.Broadcast()
	m.mu.Unlock()

	cctx, cancel := context.WithTimeout(ctx, r.cfg.ControlTimeout)
	defer cancel()
	if err := r.control.Unpause(cctx, matchID); err != nil {
		return fmt.Errorf("referee: unpause %s: %w", matchID, err)
	}
	return nil
}

// EndMatch stops officiating a match, for example when it finishes or an
// official awards a forfeit after reviewing an incident.
func (r *Referee) EndMatch(matchID string) error {
	r.mu.Lock()
	m, ok := r.matches[matchID]
	delete(r.matches, matchID)
	r.mu.Unlock()
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownMatch, matchID)
	}
	m.cancel()
	return nil
}

// Incidents returns the violations that caused the current pause.
func (r *Referee) Incidents(matchID string) ([]Violation, error) {
	m, err := r.lookup(matchID)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Violation(nil), m.incidents...), nil
}

func (r *Referee) lookup(matchID string) (*match, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	m, ok := r.matches[matchID]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownMatch, matchID)
	}
	return m, nil
}

// officiate judges the match's events in order. Events arriving while the
// match is paused are held until an official resumes it, so that a single
// incident is not reported over and over during the review.
func (r *Referee) officiate(ctx context.Context, m *match, events <-chan Event) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-events:
			if !ok {
				// The server closed the stream: the match is over.
				m.markEnded()
				return
			}
			if !m.awaitLive() {
				return
			}
			r.judge(ctx, m, ev)
		}
	}
}

// awaitLive blocks while the match is paused and reports whether it is
// still being played.
func (m *match) awaitLive() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	for m.status == statusPaused {
		m.cond.Wait() // leak: EndMatch cancels the context but never wakes this wait
	}
	return m.status == statusLive
}

// markEnded records that the match is over and wakes anything waiting
// for it to resume.
func (m *match) markEnded() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.status = statusEnded
	m.cond.Broadcast()
}

func (r *Referee) judge(ctx context.Context, m *match, ev Event) {
	m.state.apply(ev)
	var pauseFor []Violation
	for _, rule := range r.cfg.Rules {
		v, broken := rule.Check(m.state, ev)
		if !broken {
			continue
		}
		v.MatchID, v.Rule, v.Round, v.At = m.id, rule.Name(), m.state.Round, ev.At
		if r.cfg.Notifier != nil {
			r.cfg.Notifier.Notify(ctx, v)
		}
		if v.Severity >= r.cfg.PauseAt {
			pauseFor = append(pauseFor, v)
		}
	}
	if len(pauseFor) == 0 {
		return
	}

	m.mu.Lock()
	m.status = statusPaused
	m.incidents = append(m.incidents, pauseFor...)
	m.mu.Unlock()

	reason := fmt.Sprintf("%s: %s", pauseFor[0].Rule, pauseFor[0].Detail)
	cctx, cancel := context.WithTimeout(ctx, r.cfg.ControlTimeout)
	defer cancel()
	if err := r.control.Pause(cctx, m.id, reason); err != nil {
		r.cfg.Logger.Printf("match %s: pause server: %v", m.id, err)
	}
}
