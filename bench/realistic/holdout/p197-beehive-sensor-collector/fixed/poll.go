package collector

import (
	"context"
	"fmt"
)

type sample struct {
	seq     uint32
	reading Reading
	err     error
}

// pollHive pages through a hive's backlog on the gateway, starting after
// the given sequence number, and streams decoded samples in order. The
// returned channel is closed once the backlog is drained or a gateway
// call fails.
func (c *Collector) pollHive(ctx context.Context, hiveID string, after uint32) <-chan sample {
	out := make(chan sample)
	go func() {
		defer close(out)
		cursor := after
		for {
			batch, more := c.fetchPage(ctx, hiveID, cursor)
			for _, s := range batch {
				select {
				case out <- s:
				case <-ctx.Done():
					return
				}
			}
			if !more {
				return
			}
			cursor = batch[len(batch)-1].seq
		}
	}()
	return out
}

// fetchPage fetches and decodes one page of frames. more reports whether
// another page may follow.
func (c *Collector) fetchPage(ctx context.Context, hiveID string, after uint32) (batch []sample, more bool) {
	frames, err := c.gw.Fetch(ctx, hiveID, after, c.pageSize)
	if err != nil {
		return []sample{{seq: after, err: fmt.Errorf("fetch after seq %d: %w", after, err)}}, false
	}
	if len(frames) == 0 {
		return nil, false
	}
	batch = make([]sample, 0, len(frames))
	for _, f := range frames {
		r, err := decode(f)
		batch = append(batch, sample{seq: f.Seq, reading: r, err: err})
	}
	return batch, len(frames) == c.pageSize
}
