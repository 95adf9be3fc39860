package gantry

import (
	"context"
	"errors"
	"io"
	"time"
)

// TagRead is one transponder handshake recorded by a lane antenna, or a
// vehicle detected by the induction loop without any handshake (empty TagID).
type TagRead struct {
	Lane     int
	TagID    string
	Account  string
	Axles    int
	HeightCM int
	Class    VehicleClass
	At       time.Time
}

// ReadSource yields the reads buffered by a lane antenna controller since
// the last settlement. Next returns io.EOF once the buffer is exhausted.
type ReadSource interface {
	Next(ctx context.Context) (TagRead, error)
}

const maxConsecutiveReadErrors = 5

// streamReads pulls reads for one lane off the controller and classifies
// them. The returned channel is closed when the controller has nothing left.
func streamReads(ctx context.Context, lane int, src ReadSource, log Logger) <-chan TagRead {
	out := make(chan TagRead)
	go func() {
		defer close(out)
		failures := 0
		for {
			r, err := src.Next(ctx)
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				failures++
				log.Printf("lane %d: antenna read failed (%d/%d): %v", lane, failures, maxConsecutiveReadErrors, err)
				if failures >= maxConsecutiveReadErrors {
					return
				}
				continue
			}
			failures = 0
			if r.Lane != lane {
				log.Printf("lane %d: dropping read for lane %d from shared controller", lane, r.Lane)
				continue
			}
			if r.Class == ClassUnknown {
				r.Class = Classify(r.Axles, r.HeightCM)
			}
			select {
			case out <- r:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}
