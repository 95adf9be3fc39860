// Package surtitles fans out surtitle cues from the prompt desk to the
// seat-back and handheld displays in the auditorium.
package surtitles

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// Display is one screen: a seat-back unit, the proscenium LED bar or a
// phone on the house Wi-Fi.
type Display interface {
	Show(ctx context.Context, c Caption) error
}

// Config controls the feed.
type Config struct {
	// Production identifies the show, e.g. "Tosca 2024/25".
	Production string
	// Languages the translation desk has prepared. The libretto language
	// is always available.
	Languages []string
	// Original is the libretto language code.
	Original string
	// Backlog is how many cues a display may fall behind before it is
	// dropped from the feed.
	Backlog int
	// ShowTimeout bounds a single write to a display.
	ShowTimeout time.Duration
	Logger      *log.Logger
}

var (
	// ErrFeedClosed is returned after Close.
	ErrFeedClosed = errors.New("surtitles: feed closed")
	// ErrDuplicateDisplay is returned when a display id is already subscribed.
	ErrDuplicateDisplay = errors.New("surtitles: display already subscribed")
	// ErrUnknownLanguage is returned for a language the desk has not prepared.
	ErrUnknownLanguage = errors.New("surtitles: language not available")
)

type subscriber struct {
	id      string
	lang    string
	display Display
	cues    chan Caption
	dropped int
}

// Feed distributes cues to subscribed displays.
type Feed struct {
	cfg    Config
	langs  map[string]bool
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	subs    map[string]*subscriber
	current *Cue
	closed  bool
	evicted int
}

// NewFeed validates cfg and returns an empty feed.
func NewFeed(cfg Config) (*Feed, error) {
	if cfg.Original == "" {
		return nil, errors.New("surtitles: original language required")
	}
	if cfg.Backlog <= 0 {
		cfg.Backlog = 8
	}
	if cfg.ShowTimeout <= 0 {
		cfg.ShowTimeout = 500 * time.Millisecond
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}
	langs := map[string]bool{cfg.Original: true}
	for _, l := range cfg.Languages {
		langs[l] = true
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Feed{
		cfg:    cfg,
		langs:  langs,
		ctx:    ctx,
		cancel: cancel,
		subs:   make(map[string]*subscriber),
	}, nil
}

// Subscribe attaches a display. Latecomers get the cue currently on stage
// so they do not sit blank until the next line.
func (f *Feed) Subscribe(id, lang string, d Display) error {
	if !f.langs[lang] {
		return fmt.Errorf("%w: %q", ErrUnknownLanguage, lang)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return ErrFeedClosed
	}
	if _, ok := f.subs[id]; ok {
		return fmt.Errorf("%w: %s", ErrDuplicateDisplay, id)
	}
	s := &subscriber{id: id, lang: lang, display: d, cues: make(chan Caption, f.cfg.Backlog)}
	if f.current != nil {
		s.cues <- f.current.caption(lang, f.cfg.Original)
	}
	f.subs[id] = s
	go f.pump(s)
	return nil
}

// Unsubscribe detaches a display once it has drained its backlog.
func (f *Feed) Unsubscribe(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if s, ok := f.subs[id]; ok {
		delete(f.subs, id)
		close(s.cues)
	}
}

func (f *Feed) pump(s *subscriber) {
	for c := range s.cues {
		ctx, cancel := context.WithTimeout(f.ctx, f.cfg.ShowTimeout)
		err := s.display.Show(ctx, c)
		cancel()
		if err != nil && f.ctx.Err() == nil {
			f.cfg.Logger.Printf("surtitles: display %s: cue %d: %v", s.id, c.Number, err)
		}
	}
}

// Close stops the feed. Writes in flight are cancelled; displays keep
// whatever caption they were showing.
func (f *Feed) Close() {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return
	}
	f.closed = true
	for id, s := range f.subs {
		delete(f.subs, id)
		close(s.cues)
	}
	f.mu.Unlock()
	f.cancel()
}
