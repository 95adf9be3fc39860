package authcache

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestLeaderCancelledWhileFollowerWaits(t *testing.T) {
	defer goleak.VerifyNone(t)

	started := make(chan string, 4)
	idp := func(ctx context.Context, aud string) (Token, error) {
		started <- aud
		select {
		case <-time.After(50 * time.Millisecond):
			return Token{Value: "tok-" + aud, Expiry: time.Now().Add(time.Hour)}, nil
		case <-ctx.Done():
			return Token{}, ctx.Err()
		}
	}
	c := New(idp, time.Minute)

	// Warm path: one fetch, then served from memory.
	if _, err := c.Get(context.Background(), "billing"); err != nil {
		t.Fatal(err)
	}
	<-started
	if _, err := c.Get(context.Background(), "billing"); err != nil || c.Fetches() != 1 {
		t.Fatalf("fetches %d, %v", c.Fetches(), err)
	}

	// An HTTP request starts the fetch for "search" and is then cancelled
	// by its client; a background job is waiting on the same fetch.
	reqCtx, cancel := context.WithCancel(context.Background())
	leader := make(chan error, 1)
	go func() {
		_, err := c.Get(reqCtx, "search")
		leader <- err
	}()
	<-started

	follower := make(chan error, 1)
	go func() {
		_, err := c.Get(context.Background(), "search")
		follower <- err
	}()
	time.Sleep(10 * time.Millisecond)
	cancel()

	if err := <-leader; err != context.Canceled {
		t.Fatalf("leader: %v", err)
	}
	select {
	case err := <-follower:
		t.Logf("follower: %v", err)
	case <-time.After(200 * time.Millisecond):
		t.Error("follower still waiting for an abandoned fetch")
	}
}
