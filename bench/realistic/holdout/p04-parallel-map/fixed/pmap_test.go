package par

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMapHonoursDeadline(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	words := []string{"a", "b", "c", "d", "e", "f"}
	_, err := Map(ctx, words, func(_ context.Context, s string) (string, error) {
		time.Sleep(20 * time.Millisecond) // a call that ignores its context
		return strings.ToUpper(s), nil
	})
	if err == nil {
		t.Fatal("want the deadline error")
	}
}
