package bus

import (
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestSlowHandlerTimesOut(t *testing.T) {
	defer goleak.VerifyNone(t)
	b := New()
	b.Handle("upper", func(e Envelope) string { return strings.ToUpper(e.Body) })
	b.Handle("slow", func(e Envelope) string {
		time.Sleep(20 * time.Millisecond)
		return e.Body
	})
	if r, err := b.Request("upper", "hi", time.Second); err != nil || r != "HI" {
		t.Fatalf("got %q, %v", r, err)
	}
	if _, err := b.Request("slow", "hi", 2*time.Millisecond); err != ErrTimeout {
		t.Fatalf("got %v", err)
	}
}
