package press

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Errors returned by the press house.
var (
	ErrNoCycle     = errors.New("press: no cycle running")
	ErrCycleActive = errors.New("press: cycle already running")
	ErrFaulted     = errors.New("press: cycle faulted")
)

// FaultError reports a membrane that cannot hold its setpoint.
type FaultError struct {
	Press    string
	Cycle    string
	At       time.Time
	Setpoint float64
	Bar      float64
}

func (e *FaultError) Error() string {
	return fmt.Sprintf("press %s cycle %s: membrane at %.2f bar, setpoint %.2f bar (%s)",
		e.Press, e.Cycle, e.Bar, e.Setpoint, e.At.Format("15:04:05"))
}

// Journal is the cellar's record of pressings.
type Journal interface {
	Append(ctx context.Context, s Summary) error
}

// Logger is satisfied by *log.Logger and testing.T adapters.
type Logger interface {
	Printf(format string, args ...any)
}

// Config tunes fault detection and fraction cuts.
type Config struct {
	Cuts          Cuts
	MaxDrop       float64 // bar below setpoint treated as a membrane fault
	MinCheckBar   float64 // setpoints below this are not checked
	Buffer        int
	JournalWithin time.Duration
	Logger        Logger
}

type discard struct{}

func (discard) Printf(string, ...any) {}

// DefaultConfig suits a 5 t membrane press doing sparkling base.
func DefaultConfig() Config {
	return Config{
		Cuts:          Cuts{FreeRunMax: 0.2, CuveeMax: 1.2, TailleMax: 1.8},
		MaxDrop:       0.35,
		MinCheckBar:   0.4,
		Buffer:        64,
		JournalWithin: 5 * time.Second,
		Logger:        discard{},
	}
}

type cycleRun struct {
	id       string
	press    string
	load     Load
	readings chan Reading
	done     chan Summary
	fault    *FaultError
}

// House tracks the open cycle of every press in the press house.
type House struct {
	cfg     Config
	journal Journal

	mu   sync.Mutex
	seq  int
	runs map[string]*cycleRun
}

// NewHouse returns an empty press house writing to journal.
func NewHouse(journal Journal, cfg Config) (*House, error) {
	if journal == nil {
		return nil, errors.New("press: nil journal")
	}
	if cfg.Cuts.FreeRunMax >= cfg.Cuts.CuveeMax || cfg.Cuts.CuveeMax >= cfg.Cuts.TailleMax {
		return nil, fmt.Errorf("press: cuts out of order: %+v", cfg.Cuts)
	}
	if cfg.Buffer <= 0 {
		cfg.Buffer = 1
	}
	if cfg.Logger == nil {
		cfg.Logger = discard{}
	}
	return &House{cfg: cfg, journal: journal, runs: make(map[string]*cycleRun)}, nil
}

// BeginCycle opens a cycle on press for load. A press whose previous cycle
// faulted may be restarted straight away.
func (h *House) BeginCycle(press string, load Load) (string, error) {
	if err := load.validate(); err != nil {
		return "", err
	}
	h.mu.Lock()
	if prev, ok := h.runs[press]; ok && prev.fault == nil {
		h.mu.Unlock()
		return "", fmt.Errorf("%w: press %s is on cycle %s", ErrCycleActive, press, prev.id)
	}
	h.seq++
	run := &cycleRun{
		id:       fmt.Sprintf("%s-%s-%03d", press, load.Block, h.seq),
		press:    press,
		load:     load,
		readings: make(chan Reading, h.cfg.Buffer),
		done:     make(chan Summary, 1),
	}
	h.runs[press] = run
	h.mu.Unlock()

	go h.record(run)
	h.cfg.Logger.Printf("press %s: cycle %s started, %.0f kg %s from %s", press, run.id, load.Kg, load.Variety, load.Block)
	return run.id, nil
}

func (h *House) record(run *cycleRun) {
	acc := &accumulator{cuts: h.cfg.Cuts}
	for rd := range run.readings { // leak: a faulted cycle replaced by BeginCycle never has its channel closed
		acc.add(rd)
	}
	sum := acc.summary(run)
	h.mu.Lock()
	if run.fault != nil {
		sum.Aborted = run.fault.Error()
	}
	h.mu.Unlock()

	ctx, cancel := context.WithTimeout(context.Background(), h.cfg.JournalWithin)
	defer cancel()
	if err := h.journal.Append(ctx, sum); err != nil {
		h.cfg.Logger.Printf("press %s: journal cycle %s: %v", run.press, run.id, err)
	}
	run.done <- sum
}

// Record feeds one PLC reading into the press's open cycle.
func (h *House) Record(press string, rd Reading) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	run, ok := h.runs[press]
	if !ok {
		return fmt.Errorf("%w on press %s", ErrNoCycle, press)
	}
	if run.fault != nil {
		return fmt.Errorf("%w: %v", ErrFaulted, run.fault)
	}
	if rd.Setpoint >= h.cfg.MinCheckBar && rd.Setpoint-rd.Bar > h.cfg.MaxDrop {
		run.fault = &FaultError{Press: press, Cycle: run.id, At: rd.At, Setpoint: rd.Setpoint, Bar: rd.Bar}
		h.cfg.Logger.Printf("press %s: %v", press, run.fault)
		return run.fault
	}
	run.readings <- rd
	return nil
}

// EndCycle closes the press's cycle and waits for its summary.
func (h *House) EndCycle(ctx context.Context, press string) (Summary, error) {
	h.mu.Lock()
	run, ok := h.runs[press]
	if ok {
		delete(h.runs, press)
		close(run.readings)
	}
	h.mu.Unlock()
	if !ok {
		return Summary{}, fmt.Errorf("%w on press %s", ErrNoCycle, press)
	}
	select {
	case sum := <-run.done:
		return sum, nil
	case <-ctx.Done():
		return Summary{}, ctx.Err()
	}
}

// Close ends every open cycle, e.g. at the end of a harvest shift.
func (h *House) Close(ctx context.Context) error {
	h.mu.Lock()
	presses := make([]string, 0, len(h.runs))
	for p := range h.runs {
		presses = append(presses, p)
	}
	h.mu.Unlock()
	var first error
	for _, p := range presses {
		if _, err := h.EndCycle(ctx, p); err != nil && !errors.Is(err, ErrNoCycle) && first == nil {
			first = fmt.Errorf("press %s: %w", p, err)
		}
	}
	return first
}
