package shipper

import (
	"bufio"
	"context"
	"fmt"
	"time"
)

// Ship follows the file at path and forwards its lines in batches until ctx is
// done or a batch cannot be delivered. A partial batch is sent when it is full
// or when the flush interval passes, whichever comes first.
func Ship(ctx context.Context, path string, fwd Forwarder, opts ...Option) (Stats, error) {
	cfg := newConfig(opts)
	src, err := Follow(ctx, path, cfg.poll)
	if err != nil {
		return Stats{}, fmt.Errorf("ship: %w", err)
	}

	lines := make(chan string)
	var scanErr error
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(src)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		scanErr = sc.Err()
	}()

	var st Stats
	batch := make([]string, 0, cfg.batchSize)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		b := Batch{Source: path, Lines: batch}
		if err := forwardWithRetry(ctx, fwd, b, cfg); err != nil {
			return fmt.Errorf("ship %s: forward %d lines: %w", path, len(batch), err)
		}
		st.Batches++
		st.Lines += len(batch)
		batch = make([]string, 0, cfg.batchSize)
		return nil
	}

	tick := time.NewTicker(cfg.flushEvery)
	defer tick.Stop()
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				if err := flush(); err != nil {
					return st, err
				}
				if scanErr != nil && ctx.Err() == nil {
					return st, fmt.Errorf("ship %s: %w", path, scanErr)
				}
				return st, ctx.Err()
			}
			batch = append(batch, line)
			if len(batch) >= cfg.batchSize {
				if err := flush(); err != nil {
					return st, err
				}
			}
		case <-tick.C:
			if err := flush(); err != nil {
				return st, err
			}
		case <-ctx.Done():
			return st, ctx.Err()
		}
	}
}
