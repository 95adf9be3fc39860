package latency

import (
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestStatusPageReport(t *testing.T) {
	defer goleak.VerifyNone(t)

	reg := NewRegistry(100)
	for i := 1; i <= 50; i++ {
		reg.Endpoint("/checkout").Observe(time.Duration(i)*time.Millisecond, i%10 == 0)
		reg.Endpoint("/search").Observe(time.Duration(i%7)*time.Millisecond, false)
	}

	// The status page renders the report in its own handler goroutine.
	page := make(chan string, 1)
	go func() { page <- reg.Report() }()
	select {
	case out := <-page:
		if !strings.Contains(out, "/checkout") || !strings.Contains(out, "p50=25ms") {
			t.Errorf("report:\n%s", out)
		}
	case <-time.After(300 * time.Millisecond):
		t.Error("status page never rendered")
	}
}
