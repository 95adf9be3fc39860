package drawaudit

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeVault struct {
	mu      sync.Mutex
	records map[string]SealedRecord
	lookups int
}

func (v *fakeVault) Sealed(ctx context.Context, drawID string) (SealedRecord, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.lookups++
	rec, ok := v.records[drawID]
	if !ok {
		return SealedRecord{}, ErrNotSealed
	}
	return rec, nil
}

func makeDraw(id string, nums ...int) Draw {
	d := Draw{ID: id, Game: "pick6", Held: time.Date(2024, 3, 2, 20, 0, 0, 0, time.UTC), Numbers: nums}
	d.Digest = ComputeDigest(d)
	return d
}

func seal(v *fakeVault, d Draw) {
	v.records[d.ID] = SealedRecord{DrawID: d.ID, Numbers: d.Numbers, Digest: d.Digest}
}

func TestAuditDetectsTampering(t *testing.T) {
	v := &fakeVault{records: map[string]SealedRecord{}}
	good := makeDraw("d1", 4, 8, 15, 16, 23, 42)
	seal(v, good)
	tampered := makeDraw("d2", 1, 2, 3, 4, 5, 6)
	seal(v, tampered)
	tampered.Numbers = []int{1, 2, 3, 4, 5, 7}
	unsealed := makeDraw("d3", 9, 10, 11, 12, 13, 14)

	rep, err := NewAuditor(v).AuditBatch(context.Background(), []Draw{good, tampered, unsealed})
	if err != nil {
		t.Fatal(err)
	}
	failed := rep.Failed()
	if len(failed) != 2 || failed[0].Verdict != VerdictMismatch || failed[1].Verdict != VerdictMissing {
		t.Fatalf("unexpected failures: %+v", failed)
	}
}

func TestNightlyRerunSkipsPassedDraws(t *testing.T) {
	defer goleak.VerifyNone(t)

	v := &fakeVault{records: map[string]SealedRecord{}}
	var draws []Draw
	for i := 0; i < 5; i++ {
		d := makeDraw(fmt.Sprintf("d%d", i), i+1, i+7, i+13, i+19, i+25, i+31)
		seal(v, d)
		draws = append(draws, d)
	}
	ledger := NewLedger()
	a := NewAuditor(v, WithLedger(ledger), WithParallelism(2))

	// Monday's run covers the first three draws.
	rep, err := a.AuditBatch(context.Background(), draws[:3])
	if err != nil || len(rep.Failed()) != 0 || len(rep.Findings) != 3 {
		t.Fatalf("first run: %+v, %v", rep, err)
	}

	// Tuesday's run re-submits everything.
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	rep, err = a.AuditBatch(ctx, draws)
	if err != nil {
		t.Errorf("second run: %v", err)
	}
	if rep.Skipped != 3 || len(rep.Findings) != 2 {
		t.Errorf("second run: skipped %d, findings %d; want 3 and 2", rep.Skipped, len(rep.Findings))
	}
	if v.lookups != 5 {
		t.Errorf("vault lookups = %d, want 5", v.lookups)
	}
}
