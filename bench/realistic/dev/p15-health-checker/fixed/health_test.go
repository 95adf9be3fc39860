package health

import (
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestUnconfiguredProbe(t *testing.T) {
	defer goleak.VerifyNone(t)
	c := &Checker{Deadline: 20 * time.Millisecond}
	got := c.Run([]Probe{
		{Name: "db", Check: func() error { return nil }},
		{Name: "cache", Check: func() error { return errors.New("connection refused") }},
		{Name: "search"},
	})
	if len(got) < 3 {
		t.Fatalf("got %v", got)
	}
}
