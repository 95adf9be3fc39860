package tunnel

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errRefused = errors.New("connect: connection refused")

// refusingDialer models a gateway that is down.
type refusingDialer struct {
	mu    sync.Mutex
	dials int
}

func (d *refusingDialer) Dial(context.Context, string) (Conn, error) {
	d.mu.Lock()
	d.dials++
	d.mu.Unlock()
	return nil, errRefused
}

func TestWaitUpWhileGatewayDown(t *testing.T) {
	defer goleak.VerifyNone(t)

	reconnecting := make(chan error, 1)
	dialer := &refusingDialer{}
	m, err := New(Config{
		Endpoint:   "gw1.vpn.example.net:51820",
		Dialer:     dialer,
		MinBackoff: time.Hour,
		OnStateChange: func(s State, err error) {
			if s == StateReconnecting {
				select {
				case reconnecting <- err:
				default:
				}
			}
		},
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if err := m.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}

	if err := <-reconnecting; !errors.Is(err, errRefused) {
		t.Fatalf("reconnecting because of %v, want errRefused", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := m.WaitUp(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("WaitUp: got %v, want DeadlineExceeded", err)
	}

	if err := m.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	dialer.mu.Lock()
	defer dialer.mu.Unlock()
	if dialer.dials != 1 {
		t.Fatalf("dialed %d times, want 1", dialer.dials)
	}
}
