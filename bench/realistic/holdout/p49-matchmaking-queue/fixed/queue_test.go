package matchmaking

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestImpatientPlayerLeavesDuringAllocation(t *testing.T) {
	defer goleak.VerifyNone(t)

	q := New(
		WithTick(5*time.Millisecond),
		WithMaxGap(50),
		WithAllocator(func(ctx context.Context, m Match) (string, error) {
			select {
			case <-time.After(40 * time.Millisecond):
				return "eu-west-1.game:7777", nil
			case <-ctx.Done():
				return "", ctx.Err()
			}
		}),
	)
	defer q.Close()

	patient := make(chan error, 1)
	var got Match
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		var err error
		got, err = q.Join(ctx, Player{ID: "ada", Rating: 1500})
		patient <- err
	}()
	time.Sleep(2 * time.Millisecond)

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := q.Join(ctx, Player{ID: "bob", Rating: 1520}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("impatient player: got %v, want deadline exceeded", err)
	}

	if err := <-patient; err != nil {
		t.Fatalf("patient player: %v", err)
	}
	if got.Server == "" || got.Away.ID != "bob" {
		t.Fatalf("unexpected match %+v", got)
	}
}
