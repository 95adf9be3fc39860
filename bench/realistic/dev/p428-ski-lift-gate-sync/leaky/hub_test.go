package liftgate

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeTicketing struct {
	mu      sync.Mutex
	offline bool
	passes  map[string]Pass
}

func (f *fakeTicketing) setOffline(v bool) {
	f.mu.Lock()
	f.offline = v
	f.mu.Unlock()
}

func (f *fakeTicketing) Lookup(_ context.Context, id string) (Pass, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.offline {
		return Pass{}, fmt.Errorf("dial ticketing: %w", ErrUnavailable)
	}
	p, ok := f.passes[id]
	if !ok {
		return Pass{}, ErrUnknownPass
	}
	return p, nil
}

// gatedUploader holds uploads for one gate until released.
type gatedUploader struct {
	holdGate string
	started  chan struct{}
	release  chan struct{}

	mu       sync.Mutex
	uploaded map[string]int
}

func (u *gatedUploader) UploadScans(_ context.Context, gateID string, scans []Scan) error {
	if gateID == u.holdGate {
		u.started <- struct{}{}
		<-u.release
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	u.uploaded[gateID] += len(scans)
	return nil
}

type queueLog struct {
	mu   sync.Mutex
	seen map[string]time.Duration
}

func (q *queueLog) ReportQueue(_ context.Context, lift string, waiting int, wait time.Duration) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.seen[fmt.Sprintf("%s/%d", lift, waiting)] = wait
	return nil
}

type stepClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *stepClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func TestSyncWhileGateReconnects(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &stepClock{now: time.Date(2024, 1, 20, 9, 0, 0, 0, time.Local)}
	day := Pass{ValidFrom: clock.now.Add(-time.Hour), ValidTo: clock.now.Add(8 * time.Hour), Product: "day"}
	p1, p2 := day, day
	p1.ID, p2.ID = "P-1001", "P-1002"
	svc := &fakeTicketing{passes: map[string]Pass{p1.ID: p1, p2.ID: p2}}
	up := &gatedUploader{holdGate: "summit-1", started: make(chan struct{}), release: make(chan struct{}), uploaded: map[string]int{}}
	queues := &queueLog{seen: map[string]time.Duration{}}
	hub := NewHub(HubConfig{Uploader: up, Reporter: queues, Capacity: map[string]int{"summit": 40}})
	g1 := NewGate("summit-1", "summit", svc, clock, 10*time.Minute)
	g2 := NewGate("summit-2", "summit", svc, clock, 10*time.Minute)
	hub.AddGate(g1)
	hub.AddGate(g2)
	ctx := context.Background()

	if _, err := g1.Scan(ctx, p1.ID); err != nil {
		t.Fatalf("online scan: %v", err)
	}
	if _, err := g2.Scan(ctx, p2.ID); err != nil {
		t.Fatalf("online scan: %v", err)
	}

	// The ticketing link drops; both gates keep admitting passes they know.
	svc.setOffline(true)
	clock.advance(15 * time.Minute)
	if _, err := g1.Scan(ctx, p1.ID); err != nil {
		t.Fatalf("offline scan: %v", err)
	}
	if _, err := g1.Scan(ctx, "P-9999"); !errors.Is(err, ErrUnknownPass) {
		t.Fatalf("offline scan of unseen pass: err = %v, want %v", err, ErrUnknownPass)
	}
	if _, err := g2.Scan(ctx, p2.ID); err != nil {
		t.Fatalf("offline scan: %v", err)
	}
	svc.setOffline(false)

	g1.SetWaiting(30)
	g2.SetWaiting(50)
	if err := hub.ReportQueues(ctx); err != nil {
		t.Fatalf("ReportQueues: %v", err)
	}
	if got := queues.seen["summit/80"]; got != 2*time.Minute {
		t.Fatalf("reported queues %v, want summit/80 waiting 2m", queues.seen)
	}

	// summit-1 reconnects and starts uploading on its own just before the
	// periodic sync round runs.
	reconnect := make(chan error, 1)
	go func() { reconnect <- hub.SyncGate(ctx, "summit-1") }()
	<-up.started

	roundCtx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	rep, err := hub.SyncOffline(roundCtx)
	if err == nil && (rep.Uploaded != 1 || len(rep.Skipped) != 1) {
		t.Errorf("SyncOffline report = %+v, want 1 uploaded, summit-1 skipped", rep)
	}

	close(up.release)
	if err := <-reconnect; err != nil {
		t.Fatalf("SyncGate: %v", err)
	}
	if n := g1.Backlog(); n != 0 {
		t.Fatalf("summit-1 backlog = %d after reconnect sync", n)
	}
}
