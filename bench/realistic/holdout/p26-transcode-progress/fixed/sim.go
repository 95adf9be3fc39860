package transcode

import (
	"context"
	"fmt"
	"io"
	"time"
)

// SimProcess is a stand-in for an encoder binary: it prints progress at a fixed
// pace and can be told to fail partway through, as a real encoder does on a
// corrupt input.
type SimProcess struct {
	Frames int
	FPS    float64
	Tick   time.Duration
	FailAt int // frame at which to fail; 0 means never
}

// Run implements Process.
func (s *SimProcess) Run(ctx context.Context, job Job, stdout io.Writer) error {
	fmt.Fprintf(stdout, "input=%s preset=%s\n", job.Source, job.Preset)
	for f := 10; f <= s.Frames; f += 10 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(s.Tick):
		}
		if s.FailAt > 0 && f >= s.FailAt {
			return &ExitError{Code: 1, Reason: fmt.Sprintf("invalid NAL unit at frame %d", f)}
		}
		if _, err := fmt.Fprintf(stdout, "frame=%d out_time=%.2f speed=1.0x\n", f, float64(f)/s.FPS); err != nil {
			return err
		}
	}
	return nil
}
