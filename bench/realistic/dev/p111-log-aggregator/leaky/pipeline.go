// Package logagg merges log records from several sources, groups them into
// batches and ships each batch to a sink as newline-delimited JSON.
package logagg

import (
	"context"
	"sync"
	"time"
)

// Record is one log line.
type Record struct {
	Source string    `json:"source"`
	Time   time.Time `json:"ts"`
	Line   string    `json:"line"`
}

// Merge fans the sources into one channel, which is closed once every source
// is closed or ctx is done.
func Merge(ctx context.Context, sources ...<-chan Record) <-chan Record {
	out := make(chan Record)
	var wg sync.WaitGroup
	for _, src := range sources {
		wg.Add(1)
		go func(src <-chan Record) {
			defer wg.Done()
			for r := range src {
				select {
				case out <- r:
				case <-ctx.Done():
					return
				}
			}
		}(src)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// Batch groups records into slices of at most size, emitting a partial batch
// when maxWait passes without it filling up.
func Batch(ctx context.Context, in <-chan Record, size int, maxWait time.Duration) <-chan []Record {
	out := make(chan []Record)
	go func() {
		defer close(out)
		var (
			batch []Record
			timer *time.Timer
			fire  <-chan time.Time
		)
		emit := func() bool {
			if timer != nil {
				timer.Stop()
				timer, fire = nil, nil
			}
			if len(batch) == 0 {
				return true
			}
			select {
			case out <- batch:
				batch = nil
				return true
			case <-ctx.Done():
				return false
			}
		}
		for {
			select {
			case r, ok := <-in:
				if !ok {
					emit()
					return
				}
				batch = append(batch, r)
				if timer == nil {
					timer = time.NewTimer(maxWait)
					fire = timer.C
				}
				if len(batch) >= size && !emit() {
					return
				}
			case <-fire:
				timer, fire = nil, nil
				if !emit() {
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}
