package loom

import (
	"context"
	"time"
)

type reading struct {
	warp Warp
	cN   float64
	err  error
}

// scanTension walks the warps left to right and streams one reading per
// warp. The channel is closed after the last warp has been read.
func scanTension(ctx context.Context, sensor TensionSensor, warps []Warp, timeout time.Duration) <-chan reading {
	out := make(chan reading)
	go func() {
		defer close(out)
		for _, w := range warps {
			if ctx.Err() != nil {
				return
			}
			rctx, cancel := context.WithTimeout(ctx, timeout)
			cN, err := sensor.Tension(rctx, w.Index)
			cancel()
			out <- reading{warp: w, cN: cN, err: err} // leak: nobody receives once CheckWarps returns on a bad warp
		}
	}()
	return out
}
