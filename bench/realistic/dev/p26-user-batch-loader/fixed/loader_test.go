package userloader

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestBackendOutageReachesEveryHandler(t *testing.T) {
	defer goleak.VerifyNone(t)
	l := New(func(context.Context, []string) (map[string]User, error) {
		return nil, errors.New("users-db: connection refused")
	}, Options{Wait: time.Millisecond})
	defer l.Close()

	errs := make(chan error, 3)
	for _, id := range []string{"u1", "u2", "u1"} {
		go func(id string) { // one per incoming request
			_, err := l.Load(context.Background(), id)
			errs <- err
		}(id)
	}
	for i := 0; i < 3; i++ {
		select {
		case err := <-errs:
			if err == nil {
				t.Error("want the backend error")
			}
		case <-time.After(100 * time.Millisecond):
			t.Fatal("a handler is still waiting for its user")
		}
	}
}
