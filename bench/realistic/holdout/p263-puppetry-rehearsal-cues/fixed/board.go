package cues

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// ErrClosed is returned once the board has been shut down.
var ErrClosed = errors.New("cues: board closed")

// ErrUnknownCue is returned for a cue not in the loaded scene.
var ErrUnknownCue = errors.New("cues: no such cue in scene")

// Headset is the cue light and talkback to one station's operator.
type Headset interface {
	Go(ctx context.Context, c Cue) error
	Close() error
}

// Comms is the backstage communication system.
type Comms interface {
	Connect(ctx context.Context, station, operator string) (Headset, error)
}

// Config holds the board's settings.
type Config struct {
	AckTimeout time.Duration // how long a station has to take a cue
	Backlog    int           // cues queued per station
	Logger     *log.Logger
}

// Option adjusts the Config.
type Option func(*Config)

// WithAckTimeout sets how long Go waits for stations to take a cue.
func WithAckTimeout(d time.Duration) Option { return func(c *Config) { c.AckTimeout = d } }

// WithBacklog sets how many cues may queue for one station.
func WithBacklog(n int) Option { return func(c *Config) { c.Backlog = n } }

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(c *Config) { c.Logger = l } }

type ack struct {
	station string
	err     error
}

type call struct {
	cue  Cue
	acks chan<- ack
}

// Board is the stage manager's calling desk for a rehearsal.
type Board struct {
	cfg    Config
	comms  Comms
	log    *log.Logger
	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.Mutex
	feeds  map[string]chan<- call
	crew   map[string]string
	scene  string
	cues   map[string]Cue
	called []string
	closed bool
}

// NewBoard returns a calling desk using comms to reach the stations.
func NewBoard(comms Comms, opts ...Option) (*Board, error) {
	cfg := Config{AckTimeout: 2 * time.Second, Backlog: 4}
	for _, o := range opts {
		o(&cfg)
	}
	if comms == nil {
		return nil, errors.New("cues: comms required")
	}
	if cfg.Backlog < 1 {
		cfg.Backlog = 1
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Board{
		cfg:    cfg,
		comms:  comms,
		log:    cfg.Logger,
		ctx:    ctx,
		cancel: cancel,
		feeds:  make(map[string]chan<- call),
		crew:   make(map[string]string),
		cues:   make(map[string]Cue),
	}, nil
}

func (b *Board) feed(station string, hs Headset) chan<- call {
	ch := make(chan call, b.cfg.Backlog)
	go func() {
		defer hs.Close()
		for c := range ch {
			err := hs.Go(b.ctx, c.cue)
			c.acks <- ack{station: station, err: err}
		}
	}()
	return ch
}

// LoadScene sets the stations up for sc: new operators are connected,
// stations the scene does not use are stood down.
func (b *Board) LoadScene(ctx context.Context, sc Scene) error {
	if err := sc.Validate(); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return ErrClosed
	}
	wanted := make(map[string]bool, len(sc.Cast))
	for _, r := range sc.Cast {
		wanted[r.Station] = true
		if b.crew[r.Station] == r.Puppeteer {
			continue
		}
		hs, err := b.comms.Connect(ctx, r.Station, r.Puppeteer)
		if err != nil {
			return fmt.Errorf("cues: connect %s (%s): %w", r.Station, r.Puppeteer, err)
		}
		if prev, ok := b.crew[r.Station]; ok {
			b.log.Printf("scene %s: %s hands %s over to %s", sc.Name, prev, r.Station, r.Puppeteer)
			close(b.feeds[r.Station])
		}
		b.feeds[r.Station] = b.feed(r.Station, hs)
		b.crew[r.Station] = r.Puppeteer
	}
	for st, ch := range b.feeds {
		if !wanted[st] {
			b.log.Printf("scene %s: standing down %s (%s)", sc.Name, st, b.crew[st])
			close(ch)
			delete(b.feeds, st)
			delete(b.crew, st)
		}
	}
	b.scene = sc.Name
	b.cues = make(map[string]Cue, len(sc.Cues))
	for _, c := range sc.Cues {
		b.cues[c.Number] = c
	}
	return nil
}

// Go calls a cue and waits for every station on it to take it.
func (b *Board) Go(ctx context.Context, number string) error {
	ctx, cancel := context.WithTimeout(ctx, b.cfg.AckTimeout)
	defer cancel()

	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return ErrClosed
	}
	c, ok := b.cues[number]
	if !ok {
		b.mu.Unlock()
		return fmt.Errorf("%w %s: %s", ErrUnknownCue, b.scene, number)
	}
	acks := make(chan ack, len(c.Stations))
	for _, st := range c.Stations {
		select {
		case b.feeds[st] <- call{cue: c, acks: acks}:
		case <-ctx.Done():
			b.mu.Unlock()
			return fmt.Errorf("cues: %s backed up, cue %s not sent: %w", st, number, ctx.Err())
		}
	}
	b.called = append(b.called, number)
	b.mu.Unlock()

	failed := make(map[string]error)
	for range c.Stations {
		select {
		case a := <-acks:
			if a.err != nil {
				failed[a.station] = a.err
			}
		case <-ctx.Done():
			return fmt.Errorf("cues: waiting on cue %s: %w", number, ctx.Err())
		}
	}
	if len(failed) > 0 {
		return &CueError{Number: number, Failed: failed}
	}
	return nil
}

// Run calls the cues in order, stopping at the first one not taken.
func (b *Board) Run(ctx context.Context, numbers ...string) error {
	for _, n := range numbers {
		if err := b.Go(ctx, n); err != nil {
			return err
		}
	}
	return nil
}

// PromptBook returns the cues called so far, in order.
func (b *Board) PromptBook() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.called...)
}

// Close stands every station down.
func (b *Board) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil
	}
	b.closed = true
	for st, ch := range b.feeds {
		close(ch)
		delete(b.feeds, st)
	}
	b.cancel()
	return nil
}
