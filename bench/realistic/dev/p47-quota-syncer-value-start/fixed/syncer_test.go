package quota

import (
	"context"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type recorder struct {
	mu      sync.Mutex
	reports [][]Sample
}

func (r *recorder) Report(ctx context.Context, node string, samples []Sample) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reports = append(r.reports, samples)
	return nil
}

func TestStopSendsFinalReport(t *testing.T) {
	defer goleak.VerifyNone(t)
	u := NewUsage()
	rec := &recorder{}
	s := NewSyncer("node-7", u, rec)
	s.Start()

	u.Add("acme", Requests, 3)
	u.Add("acme", CPUSeconds, 12)
	u.Add("globex", Requests, 1)

	if err := s.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.reports) != 1 || len(rec.reports[0]) != 3 {
		t.Fatalf("reports = %+v", rec.reports)
	}
}
