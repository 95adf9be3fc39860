package retry

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestSlowFirstAttemptIsRetried(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := Policy{Attempts: 3, PerAttempt: 10 * time.Millisecond, Backoff: time.Millisecond}
	got, err := Do(p, func(attempt int) (string, error) {
		if attempt == 1 {
			time.Sleep(40 * time.Millisecond) // a stalled connection
		}
		return "ok", nil
	})
	if err != nil || got != "ok" {
		t.Fatalf("got %q, %v", got, err)
	}
}
