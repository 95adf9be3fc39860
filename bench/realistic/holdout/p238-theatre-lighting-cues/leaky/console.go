package cues

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// ErrClosed is returned by operations on a closed console.
var ErrClosed = errors.New("cues: console closed")

// Transport delivers DMX frames to the network node of a universe, for
// example over sACN or Art-Net.
type Transport interface {
	Send(ctx context.Context, universe int, frame []byte) error
}

// Option configures a Console.
type Option func(*Console)

// WithFrameRate sets the output refresh rate in frames per second.
func WithFrameRate(hz int) Option {
	return func(c *Console) {
		if hz > 0 {
			c.interval = time.Second / time.Duration(hz)
		}
	}
}

// WithLogger sets the console log.
func WithLogger(l *log.Logger) Option {
	return func(c *Console) { c.log = l }
}

type output struct {
	frames  chan []byte
	done    chan struct{}
	dropped int
}

// Console renders the live cue at a fixed frame rate and streams it to
// the patched universes.
type Console struct {
	tr       Transport
	log      *log.Logger
	interval time.Duration

	ctx      context.Context
	cancel   context.CancelFunc
	stop     chan struct{}
	loopDone chan struct{}

	mu      sync.Mutex
	patch   Patch
	cues    CueList
	live    int
	fade    fade
	outputs map[int]*output
	closed  bool
}

// New starts a console on the given patch and cue list.
func New(tr Transport, patch Patch, cues CueList, opts ...Option) (*Console, error) {
	if tr == nil {
		return nil, errors.New("cues: transport is required")
	}
	if err := cues.Validate(patch); err != nil {
		return nil, err
	}
	c := &Console{
		tr:       tr,
		log:      log.New(io.Discard, "", 0),
		interval: time.Second / 44,
		stop:     make(chan struct{}),
		loopDone: make(chan struct{}),
		patch:    patch,
		cues:     cues,
		live:     -1,
		outputs:  make(map[int]*output),
	}
	for _, opt := range opts {
		opt(c)
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	for _, u := range patch.Universes() {
		c.outputs[u] = c.openOutput(u)
	}
	go c.renderLoop()
	return c, nil
}

// Repatch swaps the patch while the show is running, for example when a
// node is taken out of the rig and its dimmers are moved to another
// universe. Universes no longer used stop being refreshed.
func (c *Console) Repatch(p Patch) error {
	if err := c.cues.Validate(p); err != nil {
		return fmt.Errorf("repatch: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	want := make(map[int]bool)
	for _, u := range p.Universes() {
		want[u] = true
	}
	for u, o := range c.outputs {
		if want[u] {
			continue
		}
		delete(c.outputs, u)
		c.log.Printf("cues: universe %d released (%d frames dropped)", u, o.dropped)
	}
	for u := range want {
		if _, ok := c.outputs[u]; !ok {
			c.outputs[u] = c.openOutput(u)
		}
	}
	c.patch = p
	return nil
}

// Close stops rendering, lets every output deliver its last frame and
// shuts the outputs down.
func (c *Console) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return ErrClosed
	}
	c.closed = true
	c.mu.Unlock()

	close(c.stop)
	<-c.loopDone

	c.mu.Lock()
	outs := c.outputs
	c.outputs = nil
	c.mu.Unlock()
	for _, o := range outs {
		close(o.frames)
	}
	for _, o := range outs {
		<-o.done
	}
	c.cancel()
	return nil
}

func (c *Console) openOutput(u int) *output {
	o := &output{
		frames: make(chan []byte, 1),
		done:   make(chan struct{}),
	}
	go c.runOutput(u, o.frames, o.done)
	return o
}

func (c *Console) runOutput(u int, frames <-chan []byte, done chan<- struct{}) {
	defer close(done)
	var last []byte
	for frame := range frames { // leak: frames is never closed once the universe is dropped from outputs
		if bytes.Equal(frame, last) {
			continue
		}
		if err := c.tr.Send(c.ctx, u, frame); err != nil {
			c.log.Printf("cues: universe %d: %v", u, err)
			continue
		}
		last = frame
	}
}

func (c *Console) renderLoop() {
	defer close(c.loopDone)
	ticker := time.NewTicker(c.interval)
	defer ticker.Stop()
	for {
		select {
		case <-c.stop:
			return
		case now := <-ticker.C:
			c.renderFrame(now)
		}
	}
}

func (c *Console) renderFrame(now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	frames := c.patch.Render(c.fade.at(now))
	for u, frame := range frames {
		o, ok := c.outputs[u]
		if !ok {
			continue
		}
		select {
		case o.frames <- frame:
		default:
			o.dropped++
		}
	}
}
