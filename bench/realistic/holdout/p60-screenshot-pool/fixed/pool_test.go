package shotpool

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// hangingBrowser never sees the page settle, like a site with a long-poll
// that keeps the network busy.
type hangingBrowser struct{}

func (hangingBrowser) Render(ctx context.Context, url string, vp Viewport) ([]byte, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

func TestCaptureAllStopsOnPageTimeout(t *testing.T) {
	defer goleak.VerifyNone(t)

	p, err := New(hangingBrowser{}, WithTabs(2), WithJobTimeout(5*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	urls := []string{
		"https://status.example/a",
		"https://status.example/b",
		"https://status.example/c",
		"https://status.example/d",
	}
	shots, err := p.CaptureAll(context.Background(), urls)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("CaptureAll() = %d shots, %v; want deadline exceeded", len(shots), err)
	}
}
