package alerts

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrInvalidRule is wrapped by Rule.Validate for every rejected rule.
var ErrInvalidRule = errors.New("alerts: invalid rule")

// Op is the comparison a rule applies to the last traded price.
type Op int

// Supported comparisons.
const (
	Above Op = iota + 1 // price >= threshold
	Below               // price <= threshold
)

func (o Op) String() string {
	switch o {
	case Above:
		return "above"
	case Below:
		return "below"
	default:
		return fmt.Sprintf("Op(%d)", int(o))
	}
}

// Quote is a single trade print from the market data feed.
type Quote struct {
	Symbol string
	Price  float64
	Time   time.Time
}

// Rule asks for a notification when a symbol's price crosses a threshold.
// A rule fires once when its condition becomes true and re-arms when the
// condition becomes false again; Cooldown suppresses repeats in between.
type Rule struct {
	ID        string
	UserID    string
	Symbol    string
	Op        Op
	Threshold float64
	Cooldown  time.Duration
}

// Validate reports whether r can be evaluated.
func (r Rule) Validate() error {
	switch {
	case r.ID == "":
		return fmt.Errorf("%w: missing id", ErrInvalidRule)
	case r.UserID == "":
		return fmt.Errorf("%w: rule %s: missing user", ErrInvalidRule, r.ID)
	case normalizeSymbol(r.Symbol) == "":
		return fmt.Errorf("%w: rule %s: missing symbol", ErrInvalidRule, r.ID)
	case r.Op != Above && r.Op != Below:
		return fmt.Errorf("%w: rule %s: unknown op %v", ErrInvalidRule, r.ID, r.Op)
	case r.Threshold <= 0:
		return fmt.Errorf("%w: rule %s: threshold must be positive", ErrInvalidRule, r.ID)
	}
	return nil
}

// Alert is sent to a user when one of their rules fires.
type Alert struct {
	RuleID    string
	UserID    string
	Symbol    string
	Op        Op
	Threshold float64
	Price     float64
	At        time.Time
}

func (a Alert) String() string {
	return fmt.Sprintf("%s %s %.2f (last %.2f)", a.Symbol, a.Op, a.Threshold, a.Price)
}

func normalizeSymbol(s string) string {
	return strings.ToUpper(strings.TrimSpace(s))
}

// ruleState is the evaluation state of one rule. It is owned by the worker
// of the rule's symbol and needs no locking.
type ruleState struct {
	rule      Rule
	armed     bool
	lastFired time.Time
}

func newRuleState(r Rule) *ruleState {
	return &ruleState{rule: r, armed: true}
}

// evaluate applies q to the rule and returns the alert to send, if any.
func (s *ruleState) evaluate(q Quote) (Alert, bool) {
	var hit bool
	switch s.rule.Op {
	case Above:
		hit = q.Price >= s.rule.Threshold
	case Below:
		hit = q.Price <= s.rule.Threshold
	}
	if !hit {
		s.armed = true
		return Alert{}, false
	}
	if !s.armed {
		return Alert{}, false
	}
	if !s.lastFired.IsZero() && q.Time.Sub(s.lastFired) < s.rule.Cooldown {
		return Alert{}, false
	}
	s.armed = false
	s.lastFired = q.Time
	return Alert{
		RuleID:    s.rule.ID,
		UserID:    s.rule.UserID,
		Symbol:    q.Symbol,
		Op:        s.rule.Op,
		Threshold: s.rule.Threshold,
		Price:     q.Price,
		At:        q.Time,
	}, true
}
