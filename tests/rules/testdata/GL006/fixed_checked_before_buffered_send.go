package fixedcheckedsend

import (
	"context"
	"errors"
)

// run: _ = Sync(context.Background(), []string{"a", "b", "bad", "c"})

var errBad = errors.New("sync: bad topic")

func fetch(topic string) error {
	if topic == "bad" {
		return errBad
	}
	return nil
}

// Sync's producer checks for the stop before each send into a queue with room for a
// whole batch: once Sync leaves, the producer sees the cancel before its next send.
func Sync(ctx context.Context, topics []string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan string, 1000)
	go func() {
		for _, t := range topics {
			select {
			case <-ctx.Done():
				return
			default:
				work <- t
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
