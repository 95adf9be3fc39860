package schedule

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestOverlappingTrigger(t *testing.T) {
	defer goleak.VerifyNone(t)

	started := make(chan struct{}, 1)
	release := make(chan struct{})
	reindex := Job{
		Name:     "reindex",
		Interval: time.Hour,
		Run: func(ctx context.Context) error {
			started <- struct{}{}
			select {
			case <-release:
			case <-ctx.Done():
			}
			return nil
		},
	}
	s := New([]Job{reindex}, WithResolution(time.Hour))

	if err := s.Trigger("reindex"); err != nil {
		t.Fatal(err)
	}
	<-started
	if err := s.Trigger("reindex"); err != nil {
		t.Fatal(err)
	}
	close(release)
	s.Stop()
}
