package checkedsend

import (
	"context"
	"errors"
	"time"
)

// run: _ = Sync(context.Background(), []string{"a", "b", "bad", "c"})

var errBad = errors.New("sync: bad topic")

func fetch(topic string) error {
	if topic == "bad" {
		// Long enough for the producer to be blocked in its next send before the
		// consumer returns and cancels: the leak the fixture is about, every run.
		time.Sleep(5 * time.Millisecond)
		return errBad
	}
	return nil
}

// Sync fetches each topic; the first failure ends it.
func Sync(ctx context.Context, topics []string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan string)
	go func() {
		for _, t := range topics {
			select {
			case <-ctx.Done():
				return
			default:
				work <- t // want "goroutine blocks forever sending on `work` once `Sync` stops consuming at line 41: the producer checks `ctx.Done\(\)` before each send, but not while blocked in one"
			}
		}
		close(work)
	}()
	for t := range work {
		if err := fetch(t); err != nil {
			return err
		}
	}
	return nil
}
