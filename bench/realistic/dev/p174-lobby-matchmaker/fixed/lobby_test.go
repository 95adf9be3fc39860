package lobby

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestImpatientPlayer(t *testing.T) {
	defer goleak.VerifyNone(t)

	l := New(WithMatchSize(2), WithRatingSpread(100))
	defer l.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	_, err := l.Join(ctx, Player{ID: "alice", Rating: 1500})
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("alice: got %v, want deadline exceeded", err)
	}

	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	m, err := l.Join(ctx, Player{ID: "bob", Rating: 1540})
	t.Logf("bob: match=%+v err=%v", m, err)
}
