package invoker

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func resize(ctx context.Context, payload []byte) ([]byte, error) {
	if bytes.HasPrefix(payload, []byte("huge:")) {
		select {
		case <-time.After(time.Second):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return append([]byte("resized:"), payload...), nil
}

func TestTimedOutCallDoesNotPoisonPool(t *testing.T) {
	defer goleak.VerifyNone(t)

	p := NewPool(resize, WithTimeout(20*time.Millisecond), WithMaxWarm(1))
	defer p.Close()

	ctx := context.Background()
	if _, err := p.Invoke(ctx, []byte("huge:panorama.tiff")); !errors.Is(err, ErrTimeout) {
		t.Fatalf("huge image: got %v, want timeout", err)
	}
	for i := 0; i < 3; i++ {
		out, err := p.Invoke(ctx, []byte("thumb.png"))
		if err != nil {
			t.Fatalf("thumbnail %d: %v", i, err)
		}
		if string(out) != "resized:thumb.png" {
			t.Fatalf("thumbnail %d: got %q", i, out)
		}
	}
	if got := p.Warm(); got != 1 {
		t.Fatalf("warm instances = %d, want 1", got)
	}
}
