package marionette

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Rig drives one marionette: a motorised control bar or an operator's
// headset station.
type Rig interface {
	Perform(ctx context.Context, c Cue) error
}

// Performed records a cue that a rig carried out.
type Performed struct {
	Cue Cue
	At  time.Time
	Err error
}

// Show runs a cue sheet against a set of rigs.
type Show struct {
	sheet CueSheet
	rigs  map[string]Rig
	board *Board
	now   func() time.Time

	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu   sync.Mutex
	log  []Performed
	errs []error
}

// ShowOption configures a Show.
type ShowOption func(*Show)

// WithBoard shares an existing cue board, e.g. one also driving lighting.
func WithBoard(b *Board) ShowOption { return func(s *Show) { s.board = b } }

// WithShowClock sets the clock used to timestamp performed cues.
func WithShowClock(now func() time.Time) ShowOption { return func(s *Show) { s.now = now } }

// NewShow validates that every puppet on the sheet has a rig.
func NewShow(sheet CueSheet, rigs map[string]Rig, opts ...ShowOption) (*Show, error) {
	for _, p := range sheet.Puppets() {
		if rigs[p] == nil {
			return nil, fmt.Errorf("marionette: no rig for puppet %q", p)
		}
	}
	s := &Show{sheet: sheet, rigs: rigs, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	if s.board == nil {
		s.board = NewBoard()
	}
	return s, nil
}

// Start puts every operator on standby for their first cue.
func (s *Show) Start(ctx context.Context) {
	ctx, s.cancel = context.WithCancel(ctx)
	for puppet, cues := range s.sheet.ByPuppet() {
		s.wg.Add(1)
		go s.operate(ctx, s.rigs[puppet], cues)
	}
}

func (s *Show) operate(ctx context.Context, rig Rig, cues []Cue) {
	defer s.wg.Done()
	for _, c := range cues {
		if err := s.board.Await(ctx, c.Number); err != nil {
			if !errors.Is(err, context.Canceled) && !errors.Is(err, ErrBoardClosed) {
				s.fail(fmt.Errorf("%v: %w", c, err))
			}
			return
		}
		err := rig.Perform(ctx, c)
		s.mu.Lock()
		s.log = append(s.log, Performed{Cue: c, At: s.now(), Err: err})
		s.mu.Unlock()
		if err != nil {
			s.fail(fmt.Errorf("%v: %w", c, err))
			return
		}
	}
}

func (s *Show) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errs = append(s.errs, err)
}

// Go calls cue n.
func (s *Show) Go(n int) error { return s.board.Call(n) }

// Stop ends the performance, whether or not all cues were called, and
// returns any rig failures.
func (s *Show) Stop() error {
	if s.cancel != nil {
		s.cancel()
	}
	s.wg.Wait()
	s.board.Close()

	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.errs) > 0 {
		return fmt.Errorf("marionette: %d cue(s) failed, first: %w", len(s.errs), s.errs[0])
	}
	return nil
}

// Log returns the cues performed so far, in the order they completed.
func (s *Show) Log() []Performed {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Performed(nil), s.log...)
}
