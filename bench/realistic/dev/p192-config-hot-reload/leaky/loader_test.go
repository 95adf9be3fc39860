package hotreload

import (
	"context"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type fakeSource struct {
	mu      sync.Mutex
	data    string
	rev     string
	changed chan struct{}
}

func newFakeSource(rev, data string) *fakeSource {
	return &fakeSource{rev: rev, data: data, changed: make(chan struct{})}
}

func (s *fakeSource) Read(ctx context.Context) ([]byte, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return []byte(s.data), s.rev, nil
}

func (s *fakeSource) Changed() <-chan struct{} { return s.changed }

// update changes the contents and notifies the loader.
func (s *fakeSource) update(rev, data string) {
	s.mu.Lock()
	s.rev, s.data = rev, data
	s.mu.Unlock()
	s.changed <- struct{}{}
}

func TestSubscriberLeavesBeforeClose(t *testing.T) {
	defer goleak.VerifyNone(t)

	src := newFakeSource("r1", "# rate limits\nrps = 100\nburst = 20\n")
	l, err := New(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}

	got := make(chan *Config, 4)
	cancel := l.Subscribe(func(c *Config) { got <- c })

	if c := <-got; c.Revision != "r1" || c.Int("rps", 0) != 100 {
		t.Fatalf("initial config: rev %s rps %d", c.Revision, c.Int("rps", 0))
	}

	src.update("r2", "rps = 250\nburst = 50\n")
	if c := <-got; c.Revision != "r2" || c.Int("burst", 0) != 50 {
		t.Fatalf("reloaded config: rev %s burst %d", c.Revision, c.Int("burst", 0))
	}

	// The component that subscribed is torn down before the loader.
	cancel()

	if cur := l.Current(); cur.Revision != "r2" {
		t.Fatalf("Current().Revision = %s, want r2", cur.Revision)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
}
