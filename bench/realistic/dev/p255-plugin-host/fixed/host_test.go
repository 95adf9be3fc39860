package pluginhost

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// echoPlugin answers "echo" with its generation and the payload, rejects
// "reject" and crashes on "crash".
type echoPlugin struct{ gen int }

func (p *echoPlugin) Serve(ctx context.Context, in <-chan Request, out chan<- Response) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case req := <-in:
			resp := Response{ID: req.ID}
			switch req.Method {
			case "crash":
				return errors.New("signal: segmentation fault")
			case "echo":
				resp.Payload = []byte(fmt.Sprintf("gen%d:%s", p.gen, req.Payload))
			default:
				resp.Error = "unsupported method " + req.Method
			}
			select {
			case out <- resp:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
}

type fakeLauncher struct {
	mu       sync.Mutex
	launches int
}

func (l *fakeLauncher) Launch(ctx context.Context, name string) (Plugin, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.launches++
	return &echoPlugin{gen: l.launches}, nil
}

func TestCrashedPluginIsRestarted(t *testing.T) {
	defer goleak.VerifyNone(t)

	launcher := &fakeLauncher{}
	h := New(launcher, Config{
		MaxRestarts: 3,
		Backoff:     func(int) time.Duration { return 0 },
	})
	ctx := context.Background()
	if err := h.Load(ctx, "thumbnailer"); err != nil {
		t.Fatalf("Load: %v", err)
	}

	out, err := h.Call(ctx, "thumbnailer", "echo", []byte("a"))
	if err != nil || string(out) != "gen1:a" {
		t.Fatalf("first call = %q, %v", out, err)
	}
	var callErr *CallError
	if _, err := h.Call(ctx, "thumbnailer", "resize", nil); !errors.As(err, &callErr) {
		t.Fatalf("resize: err = %v, want *CallError", err)
	}
	if _, err := h.Call(ctx, "thumbnailer", "crash", nil); !errors.Is(err, ErrPluginExited) {
		t.Fatalf("crash: err = %v, want ErrPluginExited", err)
	}

	// The call waits for the supervisor to bring up the next generation.
	out, err = h.Call(ctx, "thumbnailer", "echo", []byte("b"))
	if err != nil || string(out) != "gen2:b" {
		t.Fatalf("call after restart = %q, %v", out, err)
	}

	if err := h.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := h.Call(ctx, "thumbnailer", "echo", nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("call after Close: err = %v, want ErrClosed", err)
	}
	if _, err := h.Call(ctx, "nope", "echo", nil); !errors.Is(err, ErrUnknownPlugin) {
		t.Fatalf("unknown plugin: err = %v", err)
	}
}
