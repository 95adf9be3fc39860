package frostwatch

import (
	"context"
	"log"
	"os"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type phonePager struct {
	sent chan Alert
}

func (p *phonePager) Page(ctx context.Context, a Alert) error {
	select {
	case p.sent <- a:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func expectPage(t *testing.T, p *phonePager, block string, want Level) {
	t.Helper()
	select {
	case a := <-p.sent:
		if a.Block != block || a.Level != want {
			t.Fatalf("paged %s %v (%q), want %s %v", a.Block, a.Level, a.Message, block, want)
		}
		t.Logf("page: %s", a.Message)
	case <-time.After(time.Second):
		t.Fatalf("no page for %s %v", block, want)
	}
}

func TestBloomNightWithGatewayAutoStart(t *testing.T) {
	defer goleak.VerifyNone(t)

	pager := &phonePager{sent: make(chan Alert, 16)}
	blocks := []Block{
		{ID: "gala-north", Stage: StageFullBloom},
		{ID: "honeycrisp-south", Stage: StageTightCluster},
	}
	m, err := New(blocks, pager,
		WithAutoStart(),
		WithPageTimeout(200*time.Millisecond),
		WithLogger(log.New(os.Stderr, "", log.Lmicroseconds)),
	)
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := m.Start(ctx); err != nil {
		t.Fatalf("Start: %v", err)
	}

	night := time.Date(2024, 4, 22, 1, 0, 0, 0, time.UTC)
	ingest := func(block string, minutes int, temp, dew float64) {
		t.Helper()
		r := Reading{Block: block, TempC: temp, DewPtC: dew, TakenAt: night.Add(time.Duration(minutes) * time.Minute)}
		if err := m.Ingest(ctx, r); err != nil {
			t.Fatalf("ingest %+v: %v", r, err)
		}
	}

	ingest("gala-north", 0, 2.0, -3.0)
	ingest("honeycrisp-south", 0, -1.5, -4.0)
	ingest("gala-north", 15, 0.5, -3.5)
	expectPage(t, pager, "gala-north", LevelWatch)
	ingest("gala-north", 30, -1.5, -4.0)
	expectPage(t, pager, "gala-north", LevelWarning)
	ingest("gala-north", 45, -2.5, -4.2)
	expectPage(t, pager, "gala-north", LevelCritical)

	ingest("gala-north", 60, -1.0, -4.0)
	expectPage(t, pager, "gala-north", LevelWarning)
	ingest("gala-north", 240, 2.0, -2.0)
	expectPage(t, pager, "gala-north", LevelClear)

	if err := m.Ingest(ctx, Reading{Block: "fuji-east", TempC: -4}); err == nil {
		t.Error("reading from an unknown block was accepted")
	}

	m.Stop()

	if got := m.Paged(); got != 5 {
		t.Errorf("paged %d alerts, want 5", got)
	}
	if l := m.Level("honeycrisp-south"); l != LevelClear {
		t.Errorf("honeycrisp-south at %v, want clear", l)
	}
	if err := m.Ingest(ctx, Reading{Block: "gala-north", TempC: 1}); err != ErrStopped {
		t.Errorf("ingest after stop: %v, want ErrStopped", err)
	}
}
