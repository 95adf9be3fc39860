package election

import (
	"context"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memLease struct {
	mu     sync.Mutex
	holder string
}

func (l *memLease) TryAcquire(_ context.Context, holder string, _ time.Duration) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.holder == "" || l.holder == holder {
		l.holder = holder
		return true, nil
	}
	return false, nil
}

func (l *memLease) Renew(_ context.Context, holder string, _ time.Duration) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.holder != holder {
		return ErrLeaseLost
	}
	return nil
}

func (l *memLease) Release(_ context.Context, holder string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.holder == holder {
		l.holder = ""
	}
	return nil
}

func TestShutdownWhileLeading(t *testing.T) {
	defer goleak.VerifyNone(t)
	elected := make(chan struct{})
	e, err := New(&memLease{}, Config{
		Identity: "replica-a",
		TTL:      30 * time.Second,
		Logger:   log.New(io.Discard, "", 0),
	}, Callbacks{OnStartedLeading: func() { close(elected) }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e.Start(ctx)
	<-elected
	if !e.IsLeader() {
		t.Fatal("not leading after OnStartedLeading")
	}
	cancel() // the service shuts down
}
