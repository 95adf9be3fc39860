package tokenpayout

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
)

// Hopper is the coin mechanism that physically ejects tokens.
type Hopper interface {
	// Eject pushes up to n tokens and reports how many left the hopper.
	Eject(ctx context.Context, n int) (int, error)
	// ClearJam runs the reverse cycle that frees a stuck token.
	ClearJam(ctx context.Context) error
}

// MachineConfig describes one kiosk.
type MachineConfig struct {
	Kiosk    string
	Capacity int
	MaxJams  int
}

// Machine guards a hopper: only one payout may drive the motor at a time
// and the token level must match what actually left the hopper.
type Machine struct {
	cfg     MachineConfig
	hopper  Hopper
	alerter Alerter
	log     *log.Logger

	mu       sync.Mutex
	level    int
	jams     int
	paidOut  int
	inactive bool
}

// NewMachine returns a machine with a full hopper.
func NewMachine(cfg MachineConfig, h Hopper, a Alerter, logger *log.Logger) (*Machine, error) {
	if cfg.Kiosk == "" || cfg.Capacity <= 0 {
		return nil, fmt.Errorf("tokenpayout: kiosk name and capacity are required")
	}
	if cfg.MaxJams <= 0 {
		cfg.MaxJams = 3
	}
	if logger == nil {
		logger = log.Default()
	}
	return &Machine{cfg: cfg, hopper: h, alerter: a, log: logger, level: cfg.Capacity}, nil
}

// Dispense pays out tokens and returns how many were actually ejected,
// which may be fewer than requested when the hopper fails.
func (m *Machine) Dispense(ctx context.Context, tokens int) (int, error) {
	m.mu.Lock()
	if m.inactive {
		m.mu.Unlock()
		return 0, ErrOutOfService
	}
	if level := m.level; level < tokens {
		m.mu.Unlock()
		m.alert(ctx, fmt.Sprintf("hopper low: %d tokens left, payout of %d refused", level, tokens))
		return 0, fmt.Errorf("%w: %d left, %d requested", ErrHopperLow, level, tokens)
	}

	paid := 0
	for paid < tokens {
		n, err := m.hopper.Eject(ctx, tokens-paid)
		paid += n
		m.level -= n
		if err == nil {
			continue
		}
		if !errors.Is(err, ErrJam) {
			m.paidOut += paid
			m.mu.Unlock()
			return paid, fmt.Errorf("eject: %w", err)
		}
		m.jams++
		m.log.Printf("kiosk %s: jam %d/%d after %d of %d tokens", m.cfg.Kiosk, m.jams, m.cfg.MaxJams, paid, tokens)
		if m.jams >= m.cfg.MaxJams {
			m.inactive = true
			m.paidOut += paid
			m.mu.Unlock()
			m.alert(ctx, fmt.Sprintf("hopper jammed %d times, kiosk taken out of service", m.jams))
			return paid, fmt.Errorf("%w: %d jams", ErrOutOfService, m.jams)
		}
		if err := m.hopper.ClearJam(ctx); err != nil {
			m.inactive = true
			m.paidOut += paid
			m.mu.Unlock()
			m.alert(ctx, fmt.Sprintf("jam could not be cleared: %v", err))
			return paid, fmt.Errorf("%w: clear jam: %v", ErrOutOfService, err)
		}
	}
	m.jams = 0
	m.paidOut += paid
	m.mu.Unlock()
	return paid, nil
}

// Refill tops the hopper up after an attendant has loaded tokens and
// puts the kiosk back in service.
func (m *Machine) Refill(tokens int) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.level+tokens > m.cfg.Capacity {
		return m.level, fmt.Errorf("tokenpayout: refill of %d would overflow hopper (%d/%d)", tokens, m.level, m.cfg.Capacity)
	}
	m.level += tokens
	m.jams = 0
	m.inactive = false
	return m.level, nil
}

// Level returns the tokens left and whether the kiosk is in service.
func (m *Machine) Level() (int, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.level, !m.inactive
}

func (m *Machine) alert(ctx context.Context, msg string) {
	if m.alerter == nil {
		return
	}
	if err := m.alerter.Alert(ctx, m.cfg.Kiosk, msg); err != nil {
		m.log.Printf("kiosk %s: alert failed: %v (%s)", m.cfg.Kiosk, err, msg)
	}
}
