package flagclient

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memSource struct {
	mu    sync.Mutex
	flags map[string]bool
}

func (m *memSource) Fetch(ctx context.Context) (map[string]bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]bool, len(m.flags))
	for k, v := range m.flags {
		out[k] = v
	}
	return out, nil
}

func (m *memSource) set(name string, on bool) {
	m.mu.Lock()
	m.flags[name] = on
	m.mu.Unlock()
}

func TestRefreshAndClose(t *testing.T) {
	defer goleak.VerifyNone(t)

	src := &memSource{flags: map[string]bool{"new-checkout": false}}
	changed := make(chan string, 8)
	c, err := New(src,
		WithInterval(40*time.Millisecond),
		WithDefaults(map[string]bool{"dark-mode": true}),
		OnChange(func(name string, on bool) { changed <- name }))
	if err != nil {
		t.Fatal(err)
	}

	if on, _ := c.Enabled("dark-mode"); !on {
		t.Fatal("default not applied")
	}
	src.set("new-checkout", true)
	select {
	case name := <-changed:
		if name != "new-checkout" {
			t.Fatalf("changed %q", name)
		}
	case <-time.After(time.Second):
		t.Fatal("refresh never picked up the change")
	}
	if on, _ := c.Enabled("new-checkout"); !on {
		t.Fatal("flag not refreshed")
	}

	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Enabled("new-checkout"); err != ErrClosed {
		t.Fatalf("after close: %v", err)
	}
}
