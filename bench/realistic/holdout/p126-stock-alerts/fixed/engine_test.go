package alerts

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeNotifier struct {
	sent chan Alert
}

func (n *fakeNotifier) Notify(ctx context.Context, a Alert) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	n.sent <- a
	return nil
}

func expectAlert(t *testing.T, n *fakeNotifier, ruleID string, price float64) {
	t.Helper()
	a := <-n.sent
	if a.RuleID != ruleID || a.Price != price {
		t.Fatalf("got alert %s for rule %s, want rule %s at %.2f", a, a.RuleID, ruleID, price)
	}
}

func TestReloadRulesWhileStreaming(t *testing.T) {
	defer goleak.VerifyNone(t)

	n := &fakeNotifier{sent: make(chan Alert, 16)}
	e := New(n, Config{Buffer: 8})
	defer e.Close()

	t0 := time.Date(2024, 5, 6, 14, 30, 0, 0, time.UTC)
	at := func(sec int) time.Time { return t0.Add(time.Duration(sec) * time.Second) }

	breakout := Rule{ID: "r1", UserID: "u-ana", Symbol: "acme", Op: Above, Threshold: 100, Cooldown: time.Minute}
	dip := Rule{ID: "r2", UserID: "u-bo", Symbol: "GLBX", Op: Below, Threshold: 50}
	if err := e.Load([]Rule{breakout, dip}); err != nil {
		t.Fatalf("Load: %v", err)
	}
	if err := e.Load([]Rule{breakout, {ID: "r9", UserID: "u-bo", Symbol: "GLBX", Op: Below}}); !errors.Is(err, ErrInvalidRule) {
		t.Fatalf("Load with zero threshold = %v, want ErrInvalidRule", err)
	}

	e.Publish(Quote{Symbol: "ACME", Price: 99.5, Time: at(1)})
	e.Publish(Quote{Symbol: "ACME", Price: 100.25, Time: at(2)})
	expectAlert(t, n, "r1", 100.25)
	e.Publish(Quote{Symbol: "GLBX", Price: 49.9, Time: at(3)})
	expectAlert(t, n, "r2", 49.9)

	// The user of r2 deletes it and another user adds a stop-loss on ACME.
	stop := Rule{ID: "r3", UserID: "u-bo", Symbol: "ACME", Op: Below, Threshold: 95}
	if err := e.Load([]Rule{breakout, stop}); err != nil {
		t.Fatalf("reload: %v", err)
	}
	if e.Publish(Quote{Symbol: "GLBX", Price: 40, Time: at(4)}) {
		t.Fatalf("quote for a symbol without rules was accepted")
	}
	e.Publish(Quote{Symbol: "ACME", Price: 94.1, Time: at(5)})
	expectAlert(t, n, "r3", 94.1)
	e.Close()

	st := e.Stats()
	if st.Quotes != 4 || st.Ignored != 1 || st.Dropped != 0 || st.Failed != 0 {
		t.Fatalf("stats = %+v", st)
	}
	select {
	case a := <-n.sent:
		t.Fatalf("unexpected alert %s", a)
	default:
	}
}
