package rounds

import (
	"context"
	"errors"
	"log"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memRegistry struct {
	mu      sync.Mutex
	animals map[string][]Animal
	exams   []Finding
}

func (r *memRegistry) AnimalsIn(_ context.Context, enclosure string) ([]Animal, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	as, ok := r.animals[enclosure]
	if !ok {
		return nil, errors.New("unknown enclosure")
	}
	return append([]Animal(nil), as...), nil
}

func (r *memRegistry) RecordExam(_ context.Context, f Finding) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.exams = append(r.exams, f)
	return nil
}

type scriptedExaminer struct {
	delay    time.Duration
	findings map[string]Finding
}

func (e *scriptedExaminer) Examine(ctx context.Context, a Animal) (Finding, error) {
	f, ok := e.findings[a.ID]
	if !ok {
		f = Finding{Severity: SeverityRoutine, Notes: "no concerns"}
	}
	if f.Severity < SeverityCritical {
		select {
		case <-time.After(e.delay):
		case <-ctx.Done():
			return Finding{}, ctx.Err()
		}
	}
	f.AnimalID = a.ID
	f.Vet = "dr-okafor"
	return f, nil
}

type recordingPager struct {
	mu    sync.Mutex
	pages []Finding
}

func (p *recordingPager) Page(_ context.Context, _ string, f Finding) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pages = append(p.pages, f)
	return nil
}

func TestRoundStopsOnCriticalFinding(t *testing.T) {
	now := time.Date(2024, 3, 11, 8, 0, 0, 0, time.UTC)
	longAgo := now.Add(-30 * 24 * time.Hour)
	reg := &memRegistry{animals: map[string][]Animal{
		"big-cats": {
			{ID: "lion-01", Name: "Asha", Species: "Panthera leo", Enclosure: "big-cats", LastExam: longAgo},
			{ID: "lion-02", Name: "Bongani", Species: "Panthera leo", Enclosure: "big-cats", LastExam: longAgo.Add(-time.Hour), Sedation: true},
			{ID: "tiger-01", Name: "Kira", Species: "Panthera tigris", Enclosure: "big-cats", LastExam: longAgo},
			{ID: "tiger-02", Name: "Raja", Species: "Panthera tigris", Enclosure: "big-cats", LastExam: longAgo},
			{ID: "leopard-01", Name: "Zuri", Species: "Panthera pardus", Enclosure: "big-cats", LastExam: longAgo},
			{ID: "leopard-02", Name: "Mosi", Species: "Panthera pardus", Enclosure: "big-cats", LastExam: longAgo},
			{ID: "jaguar-01", Name: "Inti", Species: "Panthera onca", Enclosure: "big-cats", LastExam: now.Add(-24 * time.Hour)},
			{ID: "cheetah-01", Name: "Sefu", Species: "Acinonyx jubatus", Enclosure: "big-cats", Quarantined: true},
		},
	}}
	ex := &scriptedExaminer{
		delay: 15 * time.Millisecond,
		findings: map[string]Finding{
			"lion-02":  {Severity: SeverityCritical, Notes: "suspected gastric torsion", Vitals: Vitals{HeartRate: 140, TempC: 40.1}},
			"tiger-02": {Severity: SeverityWatch, Notes: "mild gingivitis"},
		},
	}
	pager := &recordingPager{}

	var logger *log.Logger
	if testing.Verbose() {
		logger = log.New(os.Stderr, "vet ", log.Lmicroseconds)
	}
	opts := []Option{
		WithWorkers(3),
		WithExamTimeout(time.Second),
		WithRetries(1, 10*time.Millisecond),
		WithClock(func() time.Time { return now }),
	}
	if logger != nil {
		opts = append(opts, WithLogger(logger))
	}
	s, err := New(reg, ex, pager, opts...)
	if err != nil {
		t.Fatal(err)
	}

	report, err := s.RunRound(context.Background(), "big-cats")
	var emergency *EmergencyError
	if !errors.As(err, &emergency) {
		t.Fatalf("expected emergency, got report=%+v err=%v", report, err)
	}
	if emergency.Finding.AnimalID != "lion-02" {
		t.Fatalf("emergency for %s, want lion-02", emergency.Finding.AnimalID)
	}
	if len(report.Skipped) != 2 {
		t.Errorf("skipped %v, want jaguar-01 and cheetah-01", report.Skipped)
	}

	pager.mu.Lock()
	pages := len(pager.pages)
	pager.mu.Unlock()
	if pages != 1 {
		t.Errorf("got %d pages, want 1", pages)
	}

	goleak.VerifyNone(t)
}
