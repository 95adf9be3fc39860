// Package moderation scores chat messages with a set of classifiers and
// applies an escalating sanction to users whose messages are flagged.
package moderation

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Message is a chat message as received from the gateway.
type Message struct {
	ID      string
	Channel string
	UserID  string
	Text    string
	SentAt  time.Time
}

// Category is a kind of abuse a classifier can detect.
type Category string

// Known categories.
const (
	Spam       Category = "spam"
	Toxicity   Category = "toxicity"
	Harassment Category = "harassment"
)

// Action is a sanction applied to a message or its author.
type Action int

// Actions, in escalating order.
const (
	Allow Action = iota
	Warn
	Delete
	Mute
	Ban
)

func (a Action) String() string {
	switch a {
	case Allow:
		return "allow"
	case Warn:
		return "warn"
	case Delete:
		return "delete"
	case Mute:
		return "mute"
	case Ban:
		return "ban"
	}
	return fmt.Sprintf("Action(%d)", int(a))
}

// Verdict is the outcome of moderating one message.
type Verdict struct {
	MessageID string
	// Scores holds the highest score any classifier gave per category.
	Scores map[Category]float64
	// Flagged is the category that crossed its threshold, if any.
	Flagged Category
	Action  Action
	// Strikes is the number of live strikes of the author after this message.
	Strikes int
	// Degraded lists classifiers that failed; the verdict was reached
	// without them.
	Degraded []string
}

// Enforcer applies actions on the chat platform.
type Enforcer interface {
	Enforce(ctx context.Context, msg Message, a Action, reason string) error
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
	// NewTicker returns a channel that fires every d and a function that
	// stops it.
	NewTicker(d time.Duration) (<-chan time.Time, func())
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) NewTicker(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}

var (
	// ErrPanic wraps a panic raised by a classifier or the enforcer.
	ErrPanic = errors.New("moderation: plugin panicked")
	// ErrTooFewClassifiers is returned when fewer than
	// Config.MinClassifiers classifiers produced a score.
	ErrTooFewClassifiers = errors.New("moderation: too few classifiers answered")
)

// Config configures a Moderator.
type Config struct {
	Classifiers []Classifier
	Enforcer    Enforcer
	// Thresholds per category; categories not listed use DefaultThreshold.
	Thresholds       map[Category]float64
	DefaultThreshold float64 // default 0.85
	// Ladder maps the n-th live strike of a user to an action. The last
	// step repeats. Default: Warn, Delete, Mute, Ban.
	Ladder []Action
	// StrikeTTL is how long a strike counts. Default 24h.
	StrikeTTL time.Duration
	// DecayInterval is how often expired strikes are dropped. Default 1m.
	DecayInterval time.Duration
	// ClassifierTimeout bounds each classifier call. Default 300ms.
	ClassifierTimeout time.Duration
	// MinClassifiers that must answer for a verdict. Default 1.
	MinClassifiers int
	Clock          Clock
}

// Moderator moderates messages. It is safe for concurrent use.
type Moderator struct {
	cfg     Config
	strikes strikeBook

	quit      chan struct{}
	closeOnce sync.Once
}

// New returns a Moderator and starts its strike decay loop. Call Close to
// stop it.
func New(cfg Config) (*Moderator, error) {
	if len(cfg.Classifiers) == 0 || cfg.Enforcer == nil {
		return nil, errors.New("moderation: Classifiers and Enforcer are required")
	}
	if cfg.DefaultThreshold == 0 {
		cfg.DefaultThreshold = 0.85
	}
	if len(cfg.Ladder) == 0 {
		cfg.Ladder = []Action{Warn, Delete, Mute, Ban}
	}
	if cfg.StrikeTTL == 0 {
		cfg.StrikeTTL = 24 * time.Hour
	}
	if cfg.DecayInterval == 0 {
		cfg.DecayInterval = time.Minute
	}
	if cfg.ClassifierTimeout == 0 {
		cfg.ClassifierTimeout = 300 * time.Millisecond
	}
	if cfg.MinClassifiers == 0 {
		cfg.MinClassifiers = 1
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	m := &Moderator{
		cfg:     cfg,
		strikes: strikeBook{byUser: make(map[string][]time.Time)},
		quit:    make(chan struct{}),
	}
	tick, stop := cfg.Clock.NewTicker(cfg.DecayInterval)
	go m.decayLoop(tick, stop)
	return m, nil
}

// Close stops the decay loop.
func (m *Moderator) Close() error {
	m.closeOnce.Do(func() { close(m.quit) })
	return nil
}

// Moderate scores msg and, if it is flagged, records a strike against its
// author and enforces the resulting action. A panicking classifier or
// enforcer is reported as an error wrapping ErrPanic, so that one bad plugin
// cannot take the chat gateway down.
func (m *Moderator) Moderate(ctx context.Context, msg Message) (v Verdict, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("moderate %s: %w: %v", msg.ID, ErrPanic, r)
		}
	}()

	v, err = m.score(ctx, msg)
	if err != nil {
		return v, err
	}
	if v.Flagged == "" {
		v.Action = Allow
		return v, nil
	}
	v.Action, v.Strikes, err = m.escalate(ctx, msg, v.Flagged)
	return v, err
}
