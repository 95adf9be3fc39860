package agent

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeCP struct {
	mu     sync.Mutex
	reject error
	hosts  []string
	beats  int
}

func (f *fakeCP) Register(ctx context.Context, host string, labels map[string]string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.reject != nil {
		return f.reject
	}
	f.hosts = append(f.hosts, host)
	return nil
}

func (f *fakeCP) Beat(ctx context.Context, hb Heartbeat) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.beats++
	return nil
}

func TestRegisterRejected(t *testing.T) {
	defer goleak.VerifyNone(t)

	cp := &fakeCP{reject: errors.New("403: host not in inventory")}
	a := New(cp, "web-7", map[string]string{"role": "web"}, 200*time.Millisecond)
	defer a.Stop()

	if err := a.Start(context.Background()); err == nil {
		t.Fatal("start succeeded with a rejected registration")
	}
}

func TestStartStop(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())

	cp := &fakeCP{}
	a := New(cp, "web-8", nil, 10*time.Millisecond)
	if err := a.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(35 * time.Millisecond)
	a.Stop()
	cp.mu.Lock()
	defer cp.mu.Unlock()
	if cp.beats < 2 || len(cp.hosts) != 1 {
		t.Fatalf("beats %d, hosts %v", cp.beats, cp.hosts)
	}
}
