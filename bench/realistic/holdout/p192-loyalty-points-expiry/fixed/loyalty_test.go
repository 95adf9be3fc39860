package loyalty

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type fakeStore struct {
	mu      sync.Mutex
	members map[string]Member
	lots    map[string]Lot
	expired map[string]time.Time
}

func newFakeStore(members ...Member) *fakeStore {
	s := &fakeStore{members: map[string]Member{}, lots: map[string]Lot{}, expired: map[string]time.Time{}}
	for _, m := range members {
		s.members[m.ID] = m
	}
	return s
}

func (s *fakeStore) Member(_ context.Context, id string) (Member, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.members[id]
	if !ok {
		return Member{}, fmt.Errorf("member %s not found", id)
	}
	return m, nil
}

func (s *fakeStore) AddLot(_ context.Context, l Lot) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lots[l.ID] = l
	return nil
}

func (s *fakeStore) ExpiringLots(_ context.Context, before time.Time, limit int) ([]Lot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Lot
	for id, l := range s.lots {
		if _, done := s.expired[id]; !done && !l.ExpiresAt.After(before) {
			out = append(out, l)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (s *fakeStore) ExpireLots(_ context.Context, ids []string, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		s.expired[id] = at
	}
	return nil
}

type fakeNotifier struct {
	sent chan Message
}

func (n *fakeNotifier) Send(_ context.Context, msg Message) error {
	n.sent <- msg
	return nil
}

type fakeLog struct {
	mu    sync.Mutex
	lines []string
	hit   chan string
}

func (l *fakeLog) Logf(format string, args ...interface{}) {
	line := fmt.Sprintf(format, args...)
	l.mu.Lock()
	l.lines = append(l.lines, line)
	l.mu.Unlock()
	l.hit <- line
}

func TestExpiryNotifiesMembers(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{now: time.Date(2023, 3, 1, 9, 0, 0, 0, time.UTC)}
	store := newFakeStore(
		Member{ID: "m-alice", Name: "Alice", Tier: "gold", Prefs: &Preferences{Channel: "email", Locale: "en"}},
		Member{ID: "m-bruno", Name: "Bruno", Tier: "silver", Prefs: &Preferences{Channel: "sms", Locale: "es-MX"}},
		// Migrated from the old program; never opened the new app.
		Member{ID: "m-chen", Name: "Chen", Tier: "basic"},
	)
	notifier := &fakeNotifier{sent: make(chan Message, 10)}
	logs := &fakeLog{hit: make(chan string, 10)}
	svc := NewService(store, notifier, Config{
		Validity:  90 * 24 * time.Hour,
		BatchSize: 10,
		Clock:     clock,
		Logf:      logs.Logf,
	})

	ctx := context.Background()
	for _, a := range []struct {
		member string
		points int64
	}{{"m-alice", 120}, {"m-alice", 80}, {"m-bruno", 45}, {"m-chen", 300}} {
		if _, err := svc.Accrue(ctx, a.member, a.points, "purchase"); err != nil {
			t.Fatalf("Accrue: %v", err)
		}
	}
	clock.Advance(91 * 24 * time.Hour)

	rep, err := svc.RunExpiry(ctx)
	if err != nil {
		t.Fatalf("RunExpiry: %v", err)
	}
	if rep.Lots != 4 || rep.Points != 545 || rep.Members != 3 {
		t.Fatalf("report = %+v", rep)
	}

	// Two members get a message; the third delivery ends up in the log.
	got := map[string]Message{}
	for i := 0; i < 2; i++ {
		msg := <-notifier.sent
		got[msg.MemberID] = msg
	}
	if !strings.Contains(got["m-alice"].Body, "200 points") {
		t.Errorf("alice message = %+v", got["m-alice"])
	}
	if got["m-bruno"].Channel != "sms" || !strings.Contains(got["m-bruno"].Body, "45 puntos") {
		t.Errorf("bruno message = %+v", got["m-bruno"])
	}
	if line := <-logs.hit; !strings.Contains(line, "m-chen") {
		t.Errorf("unexpected log line %q", line)
	}

	closeCtx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if err := svc.Close(closeCtx); err != nil {
		t.Errorf("Close: %v", err)
	}
	if _, err := svc.Accrue(ctx, "m-alice", 10, "purchase"); err != ErrClosed {
		t.Errorf("Accrue after Close: err = %v, want ErrClosed", err)
	}
}
