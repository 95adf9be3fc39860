package laptiming

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Lap is a completed lap for one rider.
type Lap struct {
	Bib      string
	Number   int
	Time     time.Duration
	Elapsed  time.Duration
	SpeedKPH float64
	Best     bool
}

// Publisher pushes laps to the scoreboard and the results feed.
type Publisher interface {
	PublishLap(ctx context.Context, lap Lap) error
}

// Config configures a timing Session.
type Config struct {
	// Entries maps transponder IDs to rider bibs.
	Entries     map[string]string
	FinishLoop  string
	TrackLength float64
	// MinLap filters double reads: a passing sooner than this after the
	// previous one for the same rider is ignored.
	MinLap    time.Duration
	Publisher Publisher
	Logger    *log.Logger
}

var (
	ErrClosed         = errors.New("laptiming: session finished")
	ErrUnknownEntrant = errors.New("laptiming: transponder not entered")
)

type rider struct {
	bib      string
	passings chan Passing
	done     chan struct{}

	mu      sync.Mutex
	started bool
	start   time.Duration
	last    time.Duration
	laps    []Lap
	best    time.Duration
}

// DNF records a rider who did not finish.
type DNF struct {
	Bib    string
	Reason string
	Laps   int
}

// Session times one race or training block on the track.
type Session struct {
	cfg Config
	log *log.Logger
	ctx context.Context
	end context.CancelFunc

	mu     sync.Mutex
	riders map[string]*rider
	dnf    map[string]DNF
	closed bool
}

// NewSession validates cfg and returns a session ready to ingest passings.
func NewSession(cfg Config) (*Session, error) {
	if len(cfg.Entries) == 0 {
		return nil, fmt.Errorf("laptiming: no entries")
	}
	if cfg.TrackLength <= 0 {
		cfg.TrackLength = 250
	}
	if cfg.FinishLoop == "" {
		cfg.FinishLoop = "finish"
	}
	if cfg.MinLap <= 0 {
		cfg.MinLap = 10 * time.Second
	}
	lg := cfg.Logger
	if lg == nil {
		lg = log.New(io.Discard, "", 0)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Session{
		cfg:    cfg,
		log:    lg,
		ctx:    ctx,
		end:    cancel,
		riders: make(map[string]*rider),
		dnf:    make(map[string]DNF),
	}, nil
}

// Ingest routes a passing to the rider's lap counter, starting one on the
// rider's first passing.
func (s *Session) Ingest(p Passing) error {
	if p.Loop != s.cfg.FinishLoop {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	if _, out := s.dnf[p.Transponder]; out {
		return nil
	}
	r, ok := s.riders[p.Transponder]
	if !ok {
		bib, entered := s.cfg.Entries[p.Transponder]
		if !entered {
			return fmt.Errorf("%w: %s", ErrUnknownEntrant, p.Transponder)
		}
		r = &rider{
			bib:      bib,
			passings: make(chan Passing, 32),
			done:     make(chan struct{}),
		}
		s.riders[p.Transponder] = r
		go s.count(r)
	}
	r.passings <- p
	return nil
}

func (s *Session) count(r *rider) {
	defer close(r.done)
	for p := range r.passings {
		lap, ok := r.record(p, s.cfg.MinLap, s.cfg.TrackLength)
		if !ok {
			continue
		}
		if err := s.cfg.Publisher.PublishLap(s.ctx, lap); err != nil {
			s.log.Printf("publish lap %d for %s: %v", lap.Number, lap.Bib, err)
		}
	}
}

func (r *rider) record(p Passing, minLap time.Duration, track float64) (Lap, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.started {
		r.started = true
		r.start = p.At
		r.last = p.At
		return Lap{}, false
	}
	lt := p.At - r.last
	if lt < minLap {
		return Lap{}, false
	}
	r.last = p.At
	lap := Lap{
		Bib:      r.bib,
		Number:   len(r.laps) + 1,
		Time:     lt,
		Elapsed:  p.At - r.start,
		SpeedKPH: track / lt.Seconds() * 3.6,
	}
	if r.best == 0 || lt < r.best {
		r.best = lt
		lap.Best = true
	}
	r.laps = append(r.laps, lap)
	return lap, true
}

func (r *rider) completed() (int, time.Duration, time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.laps) == 0 {
		return 0, 0, 0
	}
	return len(r.laps), r.laps[len(r.laps)-1].Elapsed, r.best
}

// Abandon takes a rider out of the session (crash, mechanical, pulled by
// the commissaires). Later reads of their transponder are ignored.
func (s *Session) Abandon(transponder, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	r, ok := s.riders[transponder]
	if !ok {
		bib, entered := s.cfg.Entries[transponder]
		if !entered {
			return fmt.Errorf("%w: %s", ErrUnknownEntrant, transponder)
		}
		s.dnf[transponder] = DNF{Bib: bib, Reason: reason}
		return nil
	}
	delete(s.riders, transponder)
	close(r.passings)
	laps, _, _ := r.completed()
	s.dnf[transponder] = DNF{Bib: r.bib, Reason: reason, Laps: laps}
	s.log.Printf("%s out after %d laps: %s", r.bib, laps, reason)
	return nil
}
