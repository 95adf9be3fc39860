package sewing

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type benchInspector struct{ delay time.Duration }

func (i benchInspector) Inspect(ctx context.Context, sig Signature) error {
	select {
	case <-time.After(i.delay * time.Duration(1+sig.Seq%3)):
	case <-ctx.Done():
		return ctx.Err()
	}
	return CheckCollation(sig)
}

type cradle struct {
	mu      sync.Mutex
	pierced map[int][]float64
}

func (c *cradle) Pierce(ctx context.Context, sig Signature, holes []float64) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pierced[sig.Seq] = append([]float64(nil), holes...)
	return nil
}

type needle struct {
	mu     sync.Mutex
	order  []int
	linked []bool
}

func (n *needle) Sew(ctx context.Context, sig Signature, holes []float64, linked bool) error {
	select {
	case <-time.After(time.Millisecond):
	case <-ctx.Done():
		return ctx.Err()
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.order = append(n.order, sig.Seq)
	n.linked = append(n.linked, linked)
	return nil
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...interface{}) { l.t.Logf(format, args...) }

func octavo(n int) []Signature {
	sigs := make([]Signature, n)
	for i := range sigs {
		sigs[i] = Signature{Seq: i, Sheets: 2, Folds: 3, Pages: 32, Mark: MarkFor(i)}
	}
	return sigs
}

func TestSewStopsOnMiscollatedSignature(t *testing.T) {
	defer goleak.VerifyNone(t)

	pierce := &cradle{pierced: map[int][]float64{}}
	ndl := &needle{}
	b, err := New(benchInspector{delay: 2 * time.Millisecond}, pierce, ndl, WithLogger(testLogger{t}))
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	ctx := context.Background()

	good := Book{Title: "Herbal, vol. I", SpineHeight: 230, Signatures: octavo(4)}
	rec, err := b.Sew(ctx, good)
	if err != nil {
		t.Fatalf("Sew %q: %v", good.Title, err)
	}
	if rec.Signatures != 4 || len(rec.Holes) != 2+2*DefaultConfig().Tapes {
		t.Fatalf("unexpected record %+v", rec)
	}
	ndl.mu.Lock()
	if len(ndl.linked) != 4 || ndl.linked[0] || !ndl.linked[3] {
		t.Errorf("kettle links %v, want first signature unlinked and the rest linked", ndl.linked)
	}
	ndl.order, ndl.linked = nil, nil
	ndl.mu.Unlock()

	sigs := octavo(8)
	sigs[5].Mark = "G"
	bad := Book{Title: "Herbal, vol. II", SpineHeight: 230, Signatures: sigs}
	_, err = b.Sew(ctx, bad)
	if !errors.Is(err, ErrCollation) {
		t.Fatalf("Sew %q error = %v, want collation error", bad.Title, err)
	}

	pierce.mu.Lock()
	if _, ok := pierce.pierced[5]; ok {
		t.Errorf("miscollated signature 5 was pierced")
	}
	pierce.mu.Unlock()

	ndl.mu.Lock()
	defer ndl.mu.Unlock()
	for i, seq := range ndl.order {
		if seq != i {
			t.Fatalf("signatures sewn out of order: %v", ndl.order)
		}
	}
	if len(ndl.order) > 5 {
		t.Errorf("sewing continued past the miscollated signature: %v", ndl.order)
	}
}
