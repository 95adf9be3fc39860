package triage

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Rule is a deterministic scoring rule. A matching rule adds its points to the
// claim's score and its name to the decision's reasons, for auditors.
type Rule struct {
	Name   string
	Points float64
	Match  func(Claim) bool
}

// DefaultRules returns the rule set used when Config.Rules is empty.
func DefaultRules() []Rule {
	return []Rule{
		{"late-report", 15, func(c Claim) bool { return c.ReportedAt.Sub(c.LossDate) > 30*24*time.Hour }},
		{"bodily-injury", 25, func(c Claim) bool { return c.Injury }},
		{"frequent-claimant", 20, func(c Claim) bool { return c.PriorClaims >= 3 }},
		{"large-loss", 20, func(c Claim) bool { return c.Amount >= 50000 }},
		{"thin-narrative", 10, func(c Claim) bool { return len(strings.Fields(c.Narrative)) < 8 }},
	}
}

// Model is an external scoring model, typically a fraud-propensity service.
// Score returns a probability in [0, 1].
type Model interface {
	Score(ctx context.Context, c Claim) (float64, error)
}

// score returns the combined score of the rules and the optional model,
// clamped to [0, 100], and the reasons that contributed to it.
func score(ctx context.Context, c Claim, rules []Rule, m Model, modelWeight float64) (float64, []string, error) {
	var total float64
	var reasons []string
	for _, r := range rules {
		if r.Match(c) {
			total += r.Points
			reasons = append(reasons, r.Name)
		}
	}
	if m != nil {
		p, err := m.Score(ctx, c)
		if err != nil {
			return 0, nil, fmt.Errorf("model score for claim %s: %w", c.ID, err)
		}
		total += p * modelWeight
		if p >= 0.5 {
			reasons = append(reasons, fmt.Sprintf("model:%.2f", p))
		}
	}
	if total > 100 {
		total = 100
	}
	return total, reasons, nil
}
