package bedtransfer

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memBeds struct {
	mu       sync.Mutex
	free     map[string][]string
	held     map[string]Hold
	occupied map[string]string
	seq      int
}

func (b *memBeds) Hold(_ context.Context, unit string, _ Acuity) (Hold, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	beds := b.free[unit]
	if len(beds) == 0 {
		return Hold{}, ErrNoBed
	}
	b.seq++
	h := Hold{ID: fmt.Sprintf("H%03d", b.seq), Unit: unit, Bed: beds[0], Expires: time.Now().Add(30 * time.Minute)}
	b.free[unit] = beds[1:]
	b.held[h.ID] = h
	return h, nil
}

func (b *memBeds) Confirm(_ context.Context, h Hold, mrn string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.held[h.ID]; !ok {
		return errors.New("unknown hold")
	}
	delete(b.held, h.ID)
	b.occupied[h.Unit+"/"+h.Bed] = mrn
	return nil
}

func (b *memBeds) Release(_ context.Context, h Hold) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.held, h.ID)
	b.free[h.Unit] = append(b.free[h.Unit], h.Bed)
	return nil
}

type pages struct {
	mu   sync.Mutex
	sent map[string][]string
}

func (p *pages) Page(_ context.Context, team, msg string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sent[team] = append(p.sent[team], msg)
	return nil
}

type porters struct{}

func (porters) Request(ctx context.Context, job PorterJob) (time.Duration, error) {
	select {
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-time.After(2 * time.Millisecond):
	}
	if len(job.Equipment) > 1 {
		return 25 * time.Minute, nil
	}
	return 10 * time.Minute, nil
}

type telemetry struct {
	mu        sync.Mutex
	handovers []string
}

func (t *telemetry) Handover(_ context.Context, mrn, from, to string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.handovers = append(t.handovers, mrn+":"+from+"->"+to)
	return nil
}

type ehr struct{}

func (ehr) RecordTransfer(context.Context, TransferRequest, Hold) error { return nil }

func TestTransferFromEmergencyToWards(t *testing.T) {
	defer goleak.VerifyNone(t)

	beds := &memBeds{
		free:     map[string][]string{"4B": {"12", "14"}, "CCU": {"3"}},
		held:     map[string]Hold{},
		occupied: map[string]string{},
	}
	pg := &pages{sent: map[string][]string{}}
	tel := &telemetry{}
	coord, err := NewCoordinator(Config{
		RequiredTimeout: time.Second,
		AdvisoryTimeout: time.Second,
		ChargeNurseTeam: map[string]string{"4B": "cn-4b"},
	}, Dependencies{Beds: beds, Pager: pg, Porters: porters{}, Telemetry: tel, Records: ehr{}})
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	res, err := coord.Transfer(ctx, TransferRequest{
		ID:       "T-1001",
		Patient:  Patient{MRN: "MRN-55120", Name: "A. Patel", Acuity: AcuityGeneral, ActiveMeds: []string{"amoxicillin"}},
		FromUnit: "ED",
		FromBed:  "R7",
		ToUnit:   "4B",
		Reason:   "community-acquired pneumonia, admit to medicine",
	})
	if err != nil {
		t.Fatalf("transfer T-1001: %v", err)
	}
	if res.Unit != "4B" || res.Bed != "12" {
		t.Fatalf("T-1001 placed in %s/%s, want 4B/12", res.Unit, res.Bed)
	}

	res, err = coord.Transfer(ctx, TransferRequest{
		ID: "T-1002",
		Patient: Patient{MRN: "MRN-60233", Name: "J. Okafor", Acuity: AcuityCritical,
			OnTelemetry: true, Isolation: "contact", ActiveMeds: []string{"heparin", "amiodarone"}},
		FromUnit: "ED",
		FromBed:  "R2",
		ToUnit:   "CCU",
		Reason:   "NSTEMI with runs of VT",
	})
	if err != nil {
		t.Fatalf("transfer T-1002: %v", err)
	}
	if res.PorterETA != 25*time.Minute {
		t.Errorf("T-1002 porter ETA %v, want 25m for escorted transport", res.PorterETA)
	}

	if _, err := coord.Transfer(ctx, TransferRequest{
		ID: "T-1003", Patient: Patient{MRN: "MRN-70001", Acuity: AcuityCritical},
		FromUnit: "ED", FromBed: "R4", ToUnit: "CCU",
	}); !errors.Is(err, ErrNoBed) {
		t.Fatalf("T-1003: want ErrNoBed, got %v", err)
	}

	if done, failed := coord.Stats(); done != 2 || failed != 1 {
		t.Fatalf("stats: %d completed, %d failed", done, failed)
	}
	tel.mu.Lock()
	if len(tel.handovers) != 1 {
		t.Errorf("telemetry handovers: %v", tel.handovers)
	}
	tel.mu.Unlock()
	pg.mu.Lock()
	if len(pg.sent["cn-4b"]) != 1 || len(pg.sent["charge-nurse-ccu"]) != 1 {
		t.Errorf("charge nurse pages: %v", pg.sent)
	}
	pg.mu.Unlock()
}
