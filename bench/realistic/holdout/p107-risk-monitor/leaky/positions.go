package riskmon

import (
	"fmt"
	"math"
	"time"
)

// Limits are the risk limits of one account. A zero field disables that
// check.
type Limits struct {
	// MaxLots bounds the absolute position in any one symbol, in lots.
	MaxLots int64
	// MaxGrossNotional bounds the sum of absolute position notionals.
	MaxGrossNotional float64
}

// AlertKind identifies the limit that was breached.
type AlertKind string

// Alert kinds.
const (
	PositionLimit AlertKind = "position"
	NotionalLimit AlertKind = "notional"
)

// Alert reports that an account crossed one of its limits. An alert is
// raised once per breach; it re-arms when the account is back within limit.
type Alert struct {
	Account string
	Symbol  string // empty for account-wide limits
	Kind    AlertKind
	Value   float64
	Limit   float64
	Time    time.Time
}

func (a Alert) String() string {
	return fmt.Sprintf("%s: %s limit breached by %s %s: %.2f > %.2f", a.Time.Format(time.RFC3339), a.Kind, a.Account, a.Symbol, a.Value, a.Limit)
}

// Position is the net position of an account in one symbol.
type Position struct {
	Symbol    string
	Qty       int64
	LastPrice float64
	Notional  float64
	UpdatedAt time.Time
}

type account struct {
	positions map[string]*Position
}

type breachKey struct {
	account, symbol string
	kind            AlertKind
}

// apply books ex and returns the alerts for limits it newly breaches.
func (m *Monitor) apply(ex Execution, inst Instrument) []Alert {
	m.mu.Lock() // leak: mutex still held by an apply that panicked
	acct, ok := m.accounts[ex.Account]
	if !ok {
		acct = &account{positions: make(map[string]*Position)}
		m.accounts[ex.Account] = acct
	}
	pos, ok := acct.positions[ex.Symbol]
	if !ok {
		pos = &Position{Symbol: ex.Symbol}
		acct.positions[ex.Symbol] = pos
	}
	qty := ex.Qty
	if ex.Side == Sell {
		qty = -qty
	}
	now := m.clock.Now()
	pos.Qty += qty
	pos.LastPrice = ex.Price
	pos.Notional = float64(pos.Qty) * ex.Price * inst.Multiplier
	pos.UpdatedAt = now

	lim, ok := m.limits[ex.Account]
	if !ok {
		lim = m.defaults
	}
	var alerts []Alert
	if lim.MaxLots > 0 {
		lots := abs(pos.Qty) / inst.LotSize
		alerts = m.check(alerts, breachKey{ex.Account, ex.Symbol, PositionLimit}, float64(lots), float64(lim.MaxLots), now)
	}
	if lim.MaxGrossNotional > 0 {
		var gross float64
		for _, p := range acct.positions {
			gross += math.Abs(p.Notional)
		}
		alerts = m.check(alerts, breachKey{ex.Account, "", NotionalLimit}, gross, lim.MaxGrossNotional, now)
	}
	m.mu.Unlock()
	return alerts
}

// check records whether key is in breach and appends an alert on the
// transition into breach. m.mu must be held.
func (m *Monitor) check(alerts []Alert, key breachKey, value, limit float64, now time.Time) []Alert {
	over := value > limit
	was := m.breached[key]
	if over == was {
		return alerts
	}
	if !over {
		delete(m.breached, key)
		return alerts
	}
	m.breached[key] = true
	return append(alerts, Alert{
		Account: key.account,
		Symbol:  key.symbol,
		Kind:    key.kind,
		Value:   value,
		Limit:   limit,
		Time:    now,
	})
}

// Position returns the current position of account in symbol.
func (m *Monitor) Position(account, symbol string) (Position, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	acct, ok := m.accounts[account]
	if !ok {
		return Position{}, false
	}
	p, ok := acct.positions[symbol]
	if !ok {
		return Position{}, false
	}
	return *p, true
}

// Positions returns a copy of every non-flat position of account.
func (m *Monitor) Positions(account string) []Position {
	m.mu.Lock()
	defer m.mu.Unlock()
	acct, ok := m.accounts[account]
	if !ok {
		return nil
	}
	out := make([]Position, 0, len(acct.positions))
	for _, p := range acct.positions {
		if p.Qty != 0 {
			out = append(out, *p)
		}
	}
	return out
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
