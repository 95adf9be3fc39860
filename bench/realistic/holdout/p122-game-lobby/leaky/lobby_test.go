package lobby

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeFleet struct {
	mu    sync.Mutex
	calls int
	failN int
}

func (f *fakeFleet) Allocate(ctx context.Context, matchID string, players []Player) (Server, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.calls <= f.failN {
		return Server{}, errors.New("fleet: no ready game servers")
	}
	return Server{Addr: fmt.Sprintf("10.0.0.%d:7777", f.calls), Token: "tok-" + matchID}, nil
}

func TestCloseWithUnmatchedPlayer(t *testing.T) {
	defer goleak.VerifyNone(t)

	fleet := &fakeFleet{failN: 1}
	l := New(fleet, WithMatchSize(2), WithMaxRatingGap(100), WithAllocation(time.Second, 2))

	alice, err := l.Join(Player{ID: "alice", Rating: 1500})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Join(Player{ID: "alice", Rating: 1500}); !errors.Is(err, ErrAlreadyQueued) {
		t.Fatalf("second join: %v, want ErrAlreadyQueued", err)
	}
	// Too strong for anyone else in the queue.
	if _, err := l.Join(Player{ID: "carol", Rating: 2300}); err != nil {
		t.Fatal(err)
	}
	bob, err := l.Join(Player{ID: "bob", Rating: 1560})
	if err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	ma, err := alice.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mb, err := bob.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ma.ID != mb.ID || ma.Server.Addr != "10.0.0.2:7777" {
		t.Fatalf("alice in %+v, bob in %+v", ma, mb)
	}

	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Join(Player{ID: "dave", Rating: 1500}); !errors.Is(err, ErrClosed) {
		t.Fatalf("join after close: %v, want ErrClosed", err)
	}
}
