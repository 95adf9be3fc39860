package laundromat

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// State is what a machine is doing right now.
type State int

const (
	Idle State = iota
	Running
	OutOfOrder
)

func (s State) String() string {
	return [...]string{"idle", "running", "out-of-order"}[s]
}

// MachineSpec describes a machine installed in the store.
type MachineSpec struct {
	ID   string
	Kind MachineKind
}

// Cycle is a paid run of a program on a machine.
type Cycle struct {
	MachineID string
	Program   string
	StartedAt time.Time
	EndsAt    time.Time
	Paid      Cents
	ReceiptID string
}

type machine struct {
	mu       sync.Mutex
	spec     MachineSpec
	state    State
	doorOpen bool
	cycle    *Cycle
	runs     int
}

// Config holds the store setup for a Pool.
type Config struct {
	Machines      []MachineSpec
	Programs      []Program
	ChargeTimeout time.Duration
	Clock         func() time.Time
	Logger        *log.Logger
}

// Pool tracks every machine in one laundromat and starts paid cycles.
type Pool struct {
	machines map[string]*machine
	ids      []string
	programs map[string]Program
	pay      PaymentProcessor
	loyalty  LoyaltyProgram
	cfg      Config
	log      *log.Logger
}

// NewPool builds a pool from cfg. loyalty may be nil.
func NewPool(cfg Config, pay PaymentProcessor, loyalty LoyaltyProgram) (*Pool, error) {
	if pay == nil {
		return nil, errors.New("laundromat: payment processor required")
	}
	if len(cfg.Machines) == 0 {
		return nil, errors.New("laundromat: no machines configured")
	}
	if cfg.Programs == nil {
		cfg.Programs = DefaultPrograms
	}
	if cfg.ChargeTimeout <= 0 {
		cfg.ChargeTimeout = 15 * time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	p := &Pool{
		machines: make(map[string]*machine, len(cfg.Machines)),
		programs: make(map[string]Program, len(cfg.Programs)),
		pay:      pay,
		loyalty:  loyalty,
		cfg:      cfg,
		log:      cfg.Logger,
	}
	for _, spec := range cfg.Machines {
		if _, dup := p.machines[spec.ID]; dup {
			return nil, fmt.Errorf("laundromat: duplicate machine %q", spec.ID)
		}
		p.machines[spec.ID] = &machine{spec: spec}
		p.ids = append(p.ids, spec.ID)
	}
	sort.Strings(p.ids)
	for _, prog := range cfg.Programs {
		p.programs[programKey(prog.Kind, prog.Name)] = prog
	}
	return p, nil
}

func programKey(kind MachineKind, name string) string { return kind.String() + "/" + name }

// StartRequest is what the payment kiosk sends when a customer presses start.
type StartRequest struct {
	MachineID string
	Program   string
	Card      string
	LoyaltyID string
}

// StartCycle charges the customer and starts the requested program.
func (p *Pool) StartCycle(ctx context.Context, req StartRequest) (*Cycle, error) {
	m, ok := p.machines[req.MachineID]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownMachine, req.MachineID)
	}
	prog, ok := p.programs[programKey(m.spec.Kind, req.Program)]
	if !ok {
		return nil, fmt.Errorf("%w: %q on %s", ErrUnknownProgram, req.Program, m.spec.Kind)
	}

	m.mu.Lock()
	now := p.cfg.Clock()
	p.settleLocked(m, now)
	switch {
	case m.state == OutOfOrder:
		m.mu.Unlock()
		return nil, fmt.Errorf("%s: %w", m.spec.ID, ErrOutOfOrder)
	case m.state == Running:
		ends := m.cycle.EndsAt
		m.mu.Unlock()
		return nil, fmt.Errorf("%s: %w until %s", m.spec.ID, ErrMachineBusy, ends.Format("15:04"))
	case m.doorOpen:
		m.mu.Unlock()
		return nil, fmt.Errorf("%s: %w", m.spec.ID, ErrDoorOpen)
	}

	price := prog.Price
	if req.LoyaltyID != "" && p.loyalty != nil {
		pct, err := p.loyalty.DiscountPercent(ctx, req.LoyaltyID)
		if err != nil {
			p.log.Printf("%s: loyalty lookup for %s failed, charging full price: %v", m.spec.ID, req.LoyaltyID, err)
		} else {
			price = applyDiscount(price, pct)
		}
	}

	cctx, cancel := context.WithTimeout(ctx, p.cfg.ChargeTimeout)
	receipt, err := p.pay.Charge(cctx, req.Card, price, fmt.Sprintf("%s %s", m.spec.ID, prog.Name))
	cancel()
	if err != nil {
		m.mu.Unlock()
		var declined *DeclinedError
		if errors.As(err, &declined) {
			p.log.Printf("%s: card declined: %s", m.spec.ID, declined.Reason)
			return nil, fmt.Errorf("%s: %w", m.spec.ID, err)
		}
		return nil, fmt.Errorf("%s: charge %s: %w", m.spec.ID, price, err)
	}

	c := &Cycle{
		MachineID: m.spec.ID,
		Program:   prog.Name,
		StartedAt: now,
		EndsAt:    now.Add(prog.Duration),
		Paid:      receipt.Amount,
		ReceiptID: receipt.ID,
	}
	m.state = Running
	m.cycle = c
	m.runs++
	m.mu.Unlock()

	p.log.Printf("%s: started %s, paid %s, ends %s", m.spec.ID, prog.Name, receipt.Amount, c.EndsAt.Format("15:04"))
	cp := *c
	return &cp, nil
}

// SetDoor records the door sensor of a machine.
func (p *Pool) SetDoor(id string, open bool) error {
	m, ok := p.machines[id]
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownMachine, id)
	}
	m.mu.Lock()
	m.doorOpen = open
	m.mu.Unlock()
	return nil
}

// MarkOutOfOrder takes a machine out of service, or puts it back.
func (p *Pool) MarkOutOfOrder(id string, broken bool) error {
	m, ok := p.machines[id]
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownMachine, id)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case broken:
		m.state = OutOfOrder
	case m.state == OutOfOrder:
		m.state = Idle
	}
	return nil
}

func (p *Pool) settleLocked(m *machine, now time.Time) {
	if m.state == Running && !now.Before(m.cycle.EndsAt) {
		m.state = Idle
		m.cycle = nil
	}
}
