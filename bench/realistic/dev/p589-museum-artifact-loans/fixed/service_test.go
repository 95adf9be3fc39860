package loans

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memCatalog map[string]Artifact

func (c memCatalog) Artifact(_ context.Context, id string) (Artifact, error) {
	a, ok := c[id]
	if !ok {
		return Artifact{}, fmt.Errorf("%w: %s", ErrUnknownArtifact, id)
	}
	return a, nil
}

type memConservation struct {
	mu      sync.Mutex
	reports map[string]ConditionReport
	calls   []string
}

func (c *memConservation) LatestReport(ctx context.Context, id string) (ConditionReport, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = append(c.calls, id)
	r, ok := c.reports[id]
	if !ok {
		return ConditionReport{}, fmt.Errorf("no report for %s", id)
	}
	return r, ctx.Err()
}

type flatInsurer struct{ ratePerMonth float64 }

func (f flatInsurer) Quote(_ context.Context, _ string, arts []Artifact, months int) (int64, error) {
	var total int64
	for _, a := range arts {
		total += a.ValueEUR
	}
	return total + int64(float64(total)*f.ratePerMonth*float64(months)), nil
}

func TestReviewApprovesWithConditions(t *testing.T) {
	defer goleak.VerifyNone(t)
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	cat := memCatalog{
		"GR-310": {ID: "GR-310", Title: "Red-figure kylix", ValueEUR: 600_000},
		"GR-311": {ID: "GR-311", Title: "Bronze strigil", ValueEUR: 40_000},
	}
	cons := &memConservation{reports: map[string]ConditionReport{
		"GR-310": {ArtifactID: "GR-310", Rating: 3, Examined: now.AddDate(0, -3, 0)},
		"GR-311": {ArtifactID: "GR-311", Rating: 5, Examined: now.AddDate(0, -3, 0)},
	}}
	cfg := DefaultConfig()
	cfg.Now = func() time.Time { return now }
	svc := NewService(cfg, cat, cons, flatInsurer{ratePerMonth: 0.002})

	dec, err := svc.Review(context.Background(), LoanRequest{
		ID:          "LR-2024-018",
		Borrower:    "Musée d'Art et d'Histoire",
		ArtifactIDs: []string{"GR-310", "GR-311"},
		Start:       now.AddDate(0, 1, 0),
		End:         now.AddDate(0, 4, 0),
		Climate:     ClimateSpec{TempC: 21, RelHumidity: 48, MaxLux: 200},
	})
	if err != nil {
		t.Fatalf("Review: %v", err)
	}
	if dec.Outcome != OutcomeConditional {
		t.Fatalf("outcome = %s, want conditional", dec.Outcome)
	}
	if dec.InsuredEUR <= 640_000 {
		t.Fatalf("insured = %d", dec.InsuredEUR)
	}
}

func TestReviewRejectsFragileObject(t *testing.T) {
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	cat := memCatalog{
		"EG-1021": {ID: "EG-1021", Title: "Canopic jar", Department: "Egyptian", ValueEUR: 400_000, MaxLoanMonths: 12},
		"EG-1022": {ID: "EG-1022", Title: "Papyrus fragment", Department: "Egyptian", ValueEUR: 250_000, MaxLoanMonths: 6},
		"EG-1040": {ID: "EG-1040", Title: "Faience amulet", Department: "Egyptian", ValueEUR: 90_000},
		"EG-1077": {ID: "EG-1077", Title: "Painted coffin lid", Department: "Egyptian", ValueEUR: 1_800_000, MaxLoanMonths: 12},
	}
	cons := &memConservation{reports: map[string]ConditionReport{
		"EG-1021": {ArtifactID: "EG-1021", Rating: 4, Examined: now.AddDate(0, -2, 0)},
		"EG-1022": {ArtifactID: "EG-1022", Rating: 2, Notes: "flaking pigment", Examined: now.AddDate(0, -1, 0)},
		"EG-1040": {ArtifactID: "EG-1040", Rating: 5, Examined: now.AddDate(0, -8, 0)},
		"EG-1077": {ArtifactID: "EG-1077", Rating: 3, Examined: now.AddDate(-2, 0, 0)},
	}}
	cfg := DefaultConfig()
	cfg.Now = func() time.Time { return now }
	svc := NewService(cfg, cat, cons, flatInsurer{ratePerMonth: 0.002})

	req := LoanRequest{
		ID:          "LR-2024-017",
		Borrower:    "Rijksmuseum van Oudheden",
		ArtifactIDs: []string{"EG-1021", "EG-1022", "EG-1040", "EG-1077"},
		Start:       now.AddDate(0, 2, 0),
		End:         now.AddDate(0, 6, 0),
		Climate:     ClimateSpec{TempC: 20, RelHumidity: 50, MaxLux: 50},
	}
	dec, err := svc.Review(context.Background(), req)
	if err != nil {
		t.Fatalf("Review: %v", err)
	}
	if dec.Outcome != OutcomeRejected {
		t.Fatalf("outcome = %s, want rejected", dec.Outcome)
	}
	if len(dec.Reasons) != 1 || !strings.Contains(dec.Reasons[0], "EG-1022") {
		t.Fatalf("reasons = %q", dec.Reasons)
	}

	goleak.VerifyNone(t)
}
