package matchmaker

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	ticks chan time.Time
}

func newFakeClock(start time.Time) *fakeClock {
	return &fakeClock{now: start, ticks: make(chan time.Time)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) NewTicker(time.Duration) Ticker { return fakeTicker{c.ticks} }

// advance moves the clock forward and hands the tick to the sweeper. The
// channel is unbuffered, so advance returns once the sweeper has taken it.
func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	now := c.now
	c.mu.Unlock()
	c.ticks <- now
}

type fakeTicker struct{ ch chan time.Time }

func (t fakeTicker) C() <-chan time.Time { return t.ch }
func (t fakeTicker) Stop()               {}

type joinResult struct {
	id    string
	match *Match
	err   error
}

func TestLeaveAfterMatchIsAnnounced(t *testing.T) {
	defer goleak.VerifyNone(t)

	clk := newFakeClock(time.Date(2024, 5, 4, 20, 0, 0, 0, time.UTC))
	announced := make(chan Match, 1)
	mm, err := New(Config{
		MatchSize: 2,
		MaxWait:   30 * time.Second,
		Clock:     clk,
		OnMatch:   func(m Match) { announced <- m },
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer mm.Close()

	players := []Player{
		{ID: "ana", Rating: 1510, Region: "eu-west"},
		{ID: "bo", Rating: 1550, Region: "eu-west"},
	}
	results := make(chan joinResult, len(players))
	for _, p := range players {
		go func(p Player) {
			m, err := mm.Join(context.Background(), p)
			results <- joinResult{id: p.ID, match: m, err: err}
		}(p)
	}

	var matchID string
	for range players {
		r := <-results
		if r.err != nil {
			t.Fatalf("Join(%s): %v", r.id, r.err)
		}
		if len(r.match.Players) != 2 {
			t.Fatalf("Join(%s): match has %d players, want 2", r.id, len(r.match.Players))
		}
		if matchID != "" && r.match.ID != matchID {
			t.Fatalf("players were put in different matches: %s and %s", matchID, r.match.ID)
		}
		matchID = r.match.ID
	}
	if m := <-announced; m.ID != matchID {
		t.Fatalf("OnMatch got %s, want %s", m.ID, matchID)
	}

	// ana's client pressed "cancel" just as the match was announced.
	if err := mm.Leave("ana"); !errors.Is(err, ErrNotQueued) {
		t.Fatalf("Leave after match: got %v, want ErrNotQueued", err)
	}

	// The periodic sweep keeps running afterwards.
	clk.advance(time.Second)
}
