package frostalarm

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type chanFeed struct{ ch chan Reading }

func (f *chanFeed) Subscribe(context.Context) (<-chan Reading, error) { return f.ch, nil }

type recorder struct {
	name string
	min  Severity
	got  chan Alert
}

func newRecorder(name string, min Severity) *recorder {
	return &recorder{name: name, min: min, got: make(chan Alert, 16)}
}

func (r *recorder) Name() string          { return r.name }
func (r *recorder) MinSeverity() Severity { return r.min }
func (r *recorder) Notify(ctx context.Context, a Alert) error {
	select {
	case r.got <- a:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func expect(t *testing.T, r *recorder, block string, sev Severity, kind Kind) {
	t.Helper()
	select {
	case a := <-r.got:
		if a.Block != block || a.Severity != sev || a.Kind != kind {
			t.Fatalf("%s got %s, want %s %s %s", r.name, a, block, sev, kind)
		}
	case <-time.After(2 * time.Second):
		t.Fatalf("%s: no %s %s alert for %s", r.name, sev, kind, block)
	}
}

func TestRadiationFrostNight(t *testing.T) {
	feed := &chanFeed{ch: make(chan Reading)}
	siren := newRecorder("siren", Critical)
	sms := newRecorder("sms", Warning)
	hook := newRecorder("webhook", Info)

	cfg := DefaultConfig()
	cfg.NotifyTimeout = time.Second
	mon, err := New(feed, cfg, siren, sms, hook)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	runErr := make(chan error, 1)
	go func() { runErr <- mon.Run(ctx) }()

	night := time.Date(2024, 4, 18, 0, 0, 0, 0, time.Local)
	at := func(h, m int) time.Time { return night.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	send := func(block, probe string, ts time.Time, c float64) {
		feed.ch <- Reading{Block: block, Probe: probe, At: ts, TempC: c}
	}

	send("north-slope", "ns-1", at(2, 0), 4.2)
	send("north-slope", "ns-2", at(2, 0), 3.9)
	send("creek-bottom", "cb-1", at(2, 0), 3.1)

	send("creek-bottom", "cb-1", at(3, 0), 1.2)
	expect(t, sms, "creek-bottom", Warning, Raised)
	expect(t, hook, "creek-bottom", Warning, Raised)

	send("creek-bottom", "cb-1", at(3, 10), -0.8)
	expect(t, siren, "creek-bottom", Critical, Escalated)
	expect(t, sms, "creek-bottom", Critical, Escalated)
	expect(t, hook, "creek-bottom", Critical, Escalated)

	send("north-slope", "ns-1", at(3, 15), 3.0)
	send("creek-bottom", "cb-1", at(3, 5), -3.0)
	send("creek-bottom", "cb-1", at(4, 50), 1.0)
	send("creek-bottom", "cb-1", at(6, 30), 3.1)
	expect(t, hook, "creek-bottom", Info, Cleared)

	close(feed.ch)
	if err := <-runErr; err != nil {
		t.Fatalf("run: %v", err)
	}
	if lvl := mon.Level("creek-bottom"); lvl != Info {
		t.Fatalf("creek-bottom level = %s after sunrise", lvl)
	}
	if lvl := mon.Level("north-slope"); lvl != Info {
		t.Fatalf("north-slope level = %s", lvl)
	}
	select {
	case a := <-siren.got:
		t.Fatalf("unexpected siren alert %s", a)
	default:
	}

	goleak.VerifyNone(t)
}
