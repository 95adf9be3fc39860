package scoresync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Cue is a beat reported by the conductor tracker.
type Cue struct {
	Position Position
	Tempo    float64
	At       time.Time
}

// CueSource delivers cues from the podium. Next returns io.EOF when the
// performance is over.
type CueSource interface {
	Next(ctx context.Context) (Cue, error)
}

// Display is a music stand tablet.
type Display interface {
	ShowPage(part string, page int) error
	Dim() error
}

// Config configures a Session.
type Config struct {
	Score            *Score
	Source           CueSource
	LeadBeats        int
	MaxDisplayErrors int
	Logger           *log.Logger
}

// Session keeps the tablets of an orchestra on the conductor's page.
type Session struct {
	score  *Score
	src    CueSource
	lead   int
	maxErr int
	log    *log.Logger

	mu     sync.Mutex
	cond   *sync.Cond
	cur    Cue
	rev    uint64
	closed bool
	err    error
	stands map[string]*stand

	startOnce sync.Once
	done      chan struct{}
}

// NewSession validates cfg and returns a session ready to Start.
func NewSession(cfg Config) (*Session, error) {
	if cfg.Score == nil || cfg.Source == nil {
		return nil, errors.New("scoresync: score and source are required")
	}
	if err := cfg.Score.Validate(); err != nil {
		return nil, err
	}
	if cfg.LeadBeats < 0 {
		return nil, fmt.Errorf("scoresync: negative lead %d", cfg.LeadBeats)
	}
	if cfg.MaxDisplayErrors <= 0 {
		cfg.MaxDisplayErrors = 3
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}
	s := &Session{
		score:  cfg.Score,
		src:    cfg.Source,
		lead:   cfg.LeadBeats,
		maxErr: cfg.MaxDisplayErrors,
		log:    cfg.Logger,
		stands: make(map[string]*stand),
		done:   make(chan struct{}),
	}
	s.cond = sync.NewCond(&s.mu)
	return s, nil
}

// Start begins reading cues. It is safe to call more than once.
func (s *Session) Start(ctx context.Context) {
	s.startOnce.Do(func() { go s.pump(ctx) })
}

// Done is closed once the cue source is exhausted or has failed.
func (s *Session) Done() <-chan struct{} { return s.done }

// Err returns the error that ended the session, or nil after a normal finish.
func (s *Session) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Current returns the latest cue and whether one has been received.
func (s *Session) Current() (Cue, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur, s.rev > 0
}

func (s *Session) pump(ctx context.Context) {
	defer close(s.done)
	for {
		cue, err := s.src.Next(ctx)
		if err != nil {
			s.finish(err)
			return
		}
		if err := s.score.Check(cue.Position); err != nil {
			s.log.Printf("scoresync: dropping cue: %v", err)
			continue
		}
		s.publish(cue)
	}
}

func (s *Session) publish(c Cue) {
	s.mu.Lock()
	s.cur = c
	s.rev++
	s.mu.Unlock()
	s.cond.Broadcast()
}

func (s *Session) finish(err error) {
	s.mu.Lock()
	s.closed = true
	if !errors.Is(err, io.EOF) {
		s.err = err
	}
	s.mu.Unlock()
	s.cond.Broadcast()
	if err != nil && !errors.Is(err, io.EOF) {
		s.log.Printf("scoresync: cue source failed: %v", err)
	}
}

func (s *Session) next(seen uint64) (Cue, uint64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.rev == seen && !s.closed {
		s.cond.Wait()
	}
	if s.closed {
		return Cue{}, seen, false
	}
	return s.cur, s.rev, true
}
