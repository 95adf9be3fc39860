package chiptiming

import (
	"context"
	"errors"
	"io"
	"time"
)

// ChipRead is a single detection of a transponder by a timing mat.
type ChipRead struct {
	Chip string
	Mat  string
	At   time.Time
	RSSI int // signal strength reported by the decoder, in dBm
}

// ReadSource is a stream of reads from the mat decoders. Next returns
// io.EOF once the stream is exhausted.
type ReadSource interface {
	Next(ctx context.Context) (ChipRead, error)
}

// dedupe drops the burst of reads a chip produces while crossing a mat.
type dedupe struct {
	window time.Duration
	last   map[string]time.Time
}

func newDedupe(window time.Duration) *dedupe {
	return &dedupe{window: window, last: make(map[string]time.Time)}
}

func (d *dedupe) accept(rd ChipRead) bool {
	key := rd.Mat + "/" + rd.Chip
	if prev, ok := d.last[key]; ok && rd.At.Sub(prev) < d.window {
		return false
	}
	d.last[key] = rd.At
	return true
}

// reads pumps the source into a channel, filtering weak and repeated reads.
// The channel is closed when the source ends or ctx is cancelled.
func (t *Timer) reads(ctx context.Context, src ReadSource) <-chan ChipRead {
	out := make(chan ChipRead)
	seen := newDedupe(t.cfg.DedupeWindow)
	go func() {
		defer close(out)
		for {
			rd, err := src.Next(ctx)
			if err != nil {
				if !errors.Is(err, io.EOF) && ctx.Err() == nil {
					t.log.Printf("chiptiming: decoder stream stopped: %v", err)
				}
				return
			}
			if rd.RSSI < t.cfg.MinRSSI || !seen.accept(rd) {
				continue
			}
			select { // leak: send blocks once Process stops receiving
			case out <- rd:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}
