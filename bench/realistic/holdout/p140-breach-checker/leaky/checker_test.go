package breach

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeClock hands out timers that only fire when the test says so, and
// reports each timer it arms.
type fakeClock struct {
	now   time.Time
	armed chan chan time.Time
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.armed <- ch
	return ch
}

// fakeAPI serves canned ranges and counts calls per prefix.
type fakeAPI struct {
	mu     sync.Mutex
	ranges map[string]map[string]int
	calls  map[string]int
}

func (a *fakeAPI) Range(ctx context.Context, prefix string) (map[string]int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.calls[prefix]++
	return a.ranges[prefix], nil
}

func (a *fakeAPI) add(password string, count int) {
	prefix, suffix := split(password)
	if a.ranges[prefix] == nil {
		a.ranges[prefix] = make(map[string]int)
	}
	a.ranges[prefix][suffix] = count
}

func TestCheckBatchingAndAbandonedCallers(t *testing.T) {
	defer goleak.VerifyNone(t)

	const (
		abandoned = "correct horse battery staple"
		common    = "P@ssw0rd"
		unknown   = "hunter2"
	)
	pa, _ := split(abandoned)
	pc, _ := split(common)
	pu, _ := split(unknown)
	if pa == pc || pa == pu || pc == pu {
		t.Fatalf("test passwords share a prefix: %s %s %s", pa, pc, pu)
	}

	api := &fakeAPI{ranges: make(map[string]map[string]int), calls: make(map[string]int)}
	api.add(common, 52301)
	api.add(abandoned, 3)
	clock := &fakeClock{now: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC), armed: make(chan chan time.Time, 4)}

	c, err := New(Config{Client: api, Clock: clock, MaxBatch: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	// A batch that is flushed by its timer.
	done := make(chan error, 1)
	go func() {
		n, err := c.Check(context.Background(), common)
		if err == nil && n != 52301 {
			err = errors.New("wrong count")
		}
		done <- err
	}()
	fire := <-clock.armed
	fire <- clock.now
	if err := <-done; err != nil {
		t.Fatalf("Check(common): %v", err)
	}

	// Served from cache without another API call.
	if n, err := c.Check(context.Background(), common); err != nil || n != 52301 {
		t.Fatalf("cached Check(common) = %d, %v", n, err)
	}

	// The first caller of the next batch gives up before it is flushed; the
	// second caller fills the batch.
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		_, err := c.Check(ctx, abandoned)
		done <- err
	}()
	<-clock.armed
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("abandoned Check: err = %v, want context.Canceled", err)
	}
	if n, err := c.Check(context.Background(), unknown); err != nil || n != 0 {
		t.Fatalf("Check(%q) = %d, %v; want 0, nil", unknown, n, err)
	}

	api.mu.Lock()
	defer api.mu.Unlock()
	if api.calls[pc] != 1 || api.calls[pa] != 0 {
		t.Fatalf("API calls = %v, want one for %s and none for %s", api.calls, pc, pa)
	}
}
