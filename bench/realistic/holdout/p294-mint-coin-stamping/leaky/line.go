package stamping

import (
	"context"
	"fmt"
	"log"
	"math"
	"sync"
	"time"
)

// Config configures a Line.
type Config struct {
	Denomination   Denomination
	Presses        int
	DieLife        int
	InspectTimeout time.Duration
	Logger         *log.Logger
}

type press struct {
	id      int
	serial  string
	dieNo   int
	strikes int
	worn    bool
}

// Line is a set of coining presses fed from a shared blank queue.
type Line struct {
	cfg   Config
	spec  Spec
	insp  Inspector
	out   Output
	crew  Crew
	ctx   context.Context
	stop  context.CancelFunc
	mu    sync.Mutex
	cond  *sync.Cond
	queue []Blank

	presses []*press
	closed  bool
}

// NewLine starts cfg.Presses presses waiting for blanks.
func NewLine(cfg Config, insp Inspector, out Output, crew Crew) (*Line, error) {
	spec, err := SpecFor(cfg.Denomination)
	if err != nil {
		return nil, err
	}
	if cfg.Presses <= 0 {
		cfg.Presses = 1
	}
	if cfg.DieLife <= 0 {
		return nil, fmt.Errorf("stamping: die life must be positive")
	}
	if cfg.InspectTimeout <= 0 {
		cfg.InspectTimeout = time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}
	if insp == nil || out == nil || crew == nil {
		return nil, fmt.Errorf("stamping: inspector, output and crew are required")
	}
	ctx, cancel := context.WithCancel(context.Background())
	l := &Line{
		cfg:  cfg,
		spec: spec,
		insp: insp,
		out:  out,
		crew: crew,
		ctx:  ctx,
		stop: cancel,
	}
	l.cond = sync.NewCond(&l.mu)
	for i := 0; i < cfg.Presses; i++ {
		p := &press{id: i + 1, dieNo: 1}
		p.serial = dieSerial(cfg.Denomination, p.id, p.dieNo)
		l.presses = append(l.presses, p)
		go l.runPress(p)
	}
	return l, nil
}

func dieSerial(d Denomination, press, n int) string {
	return fmt.Sprintf("D%03d-P%d-%04d", int(d), press, n)
}

// Feed queues blanks for striking. Blanks outside the mass tolerance or of
// the wrong denomination are scrapped immediately.
func (l *Line) Feed(blanks ...Blank) (int, error) {
	good := make([]Blank, 0, len(blanks))
	for _, b := range blanks {
		switch {
		case b.Denomination != l.cfg.Denomination:
			l.out.Scrapped(b, fmt.Sprintf("wrong denomination %d", int(b.Denomination)))
		case math.Abs(b.MassGrams-l.spec.MassGrams) > l.spec.ToleranceG:
			l.out.Scrapped(b, fmt.Sprintf("mass %.3fg out of tolerance", b.MassGrams))
		default:
			good = append(good, b)
		}
	}
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return 0, ErrClosed
	}
	l.queue = append(l.queue, good...)
	l.mu.Unlock()
	l.cond.Broadcast()
	return len(good), nil
}

// DieReplaced is called by the crew once a new die is mounted on a press.
func (l *Line) DieReplaced(pressID int) error {
	l.mu.Lock()
	if pressID < 1 || pressID > len(l.presses) {
		l.mu.Unlock()
		return fmt.Errorf("stamping: no press %d", pressID)
	}
	p := l.presses[pressID-1]
	if !p.worn {
		l.mu.Unlock()
		return fmt.Errorf("stamping: press %d did not request a die change", pressID)
	}
	p.dieNo++
	p.serial = dieSerial(l.cfg.Denomination, p.id, p.dieNo)
	p.strikes = 0
	p.worn = false
	l.mu.Unlock()
	l.cond.Broadcast()
	l.cfg.Logger.Printf("press %d: die %s mounted", pressID, p.serial)
	return nil
}

// Pending returns the number of blanks waiting to be struck.
func (l *Line) Pending() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.queue)
}

// Close stops the line at the end of the shift. Presses finish the coin in
// progress; blanks still queued are returned so they can go back to the
// hopper.
func (l *Line) Close() []Blank {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	left := l.queue
	l.queue = nil
	l.mu.Unlock()
	l.cond.Broadcast()
	l.stop()
	l.cfg.Logger.Printf("line closed, %d blanks returned to hopper", len(left))
	return left
}
