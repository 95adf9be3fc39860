package survey

import (
	"context"
	"errors"
	"fmt"
	"time"
)

type frameResult struct {
	frame Frame
	err   error
}

// downlink pulls the frames of a leg off the drone in order and delivers them
// on the returned channel. The channel is closed after the last frame or
// after the first error, which is delivered as the final result.
func (s *Surveyor) downlink(ctx context.Context, leg Leg) <-chan frameResult {
	out := make(chan frameResult)
	go func() {
		defer close(out)
		for seq := 0; seq < leg.Frames; seq++ {
			f, err := s.fetchWithRetry(ctx, leg, seq)
			select {
			case out <- frameResult{frame: f, err: err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return out
}

func (s *Surveyor) fetchWithRetry(ctx context.Context, leg Leg, seq int) (Frame, error) {
	backoff := s.cfg.RetryBackoff
	var lastErr error
	for attempt := 0; attempt <= s.cfg.FetchRetries; attempt++ {
		if attempt > 0 {
			t := time.NewTimer(backoff)
			select {
			case <-ctx.Done():
				t.Stop()
				return Frame{}, ctx.Err()
			case <-t.C:
			}
			backoff *= 2
		}
		fctx, cancel := context.WithTimeout(ctx, s.cfg.FetchTimeout)
		f, err := s.uplink.FetchFrame(fctx, leg.Drone, leg.Transect, seq)
		cancel()
		if err == nil {
			return f, nil
		}
		if errors.Is(err, context.Canceled) && ctx.Err() != nil {
			return Frame{}, ctx.Err()
		}
		lastErr = err
		s.cfg.Logger.Printf("drone %s transect %s frame %d: attempt %d failed: %v",
			leg.Drone, leg.Transect, seq, attempt+1, err)
	}
	return Frame{}, fmt.Errorf("%w: drone %s frame %d: %v", ErrLinkLost, leg.Drone, seq, lastErr)
}
