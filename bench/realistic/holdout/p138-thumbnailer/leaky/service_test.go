package thumbnail

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

// fakeOrigin serves every source immediately, except sources listed in gates,
// whose fetches announce themselves and then wait for the gate to open.
type fakeOrigin struct {
	mu      sync.Mutex
	calls   map[string]int
	gates   map[string]chan struct{}
	started chan string
}

func newFakeOrigin() *fakeOrigin {
	return &fakeOrigin{
		calls:   make(map[string]int),
		gates:   make(map[string]chan struct{}),
		started: make(chan string, 8),
	}
}

func (o *fakeOrigin) gate(source string) chan struct{} {
	ch := make(chan struct{})
	o.gates[source] = ch
	return ch
}

func (o *fakeOrigin) Fetch(ctx context.Context, source string) ([]byte, error) {
	o.mu.Lock()
	o.calls[source]++
	gate := o.gates[source]
	o.mu.Unlock()
	if gate != nil {
		o.started <- source
		select {
		case <-gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return []byte("original:" + source), nil
}

func (o *fakeOrigin) count(source string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.calls[source]
}

// fakeResizer labels its output and reports each completed resize.
type fakeResizer struct{ done chan string }

func (r fakeResizer) Resize(src []byte, w, h int) ([]byte, error) {
	out := []byte(fmt.Sprintf("%s@%dx%d", src, w, h))
	r.done <- string(out)
	return out, nil
}

func TestThumbnailCachingAndCancellation(t *testing.T) {
	defer goleak.VerifyNone(t)

	cache, err := NewDiskCache(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	origin := newFakeOrigin()
	release := origin.gate("uploads/dog.jpg")
	resizer := fakeResizer{done: make(chan string, 8)}
	svc, err := New(origin, cache,
		WithWorkers(2),
		WithResizer(resizer),
		WithLogger(log.New(io.Discard, "", 0)),
	)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()

	// A plain render, then the same thumbnail again from the disk cache.
	cat := Request{Source: "uploads/cat.jpg", Width: 128, Height: 128}
	for i := 0; i < 2; i++ {
		got, err := svc.Thumbnail(context.Background(), cat)
		if err != nil {
			t.Fatalf("Thumbnail(cat) #%d: %v", i, err)
		}
		if want := "original:uploads/cat.jpg@128x128"; string(got) != want {
			t.Fatalf("Thumbnail(cat) #%d = %q, want %q", i, got, want)
		}
	}
	if n := origin.count("uploads/cat.jpg"); n != 1 {
		t.Fatalf("origin fetched cat %d times, want 1", n)
	}
	<-resizer.done

	if _, err := svc.Thumbnail(context.Background(), Request{Source: "x", Width: 0, Height: 10}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("zero width: err = %v, want ErrInvalid", err)
	}

	// A client disconnects while its thumbnail is still being rendered.
	dog := Request{Source: "uploads/dog.jpg", Width: 64, Height: 48}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := svc.Thumbnail(ctx, dog)
		errc <- err
	}()
	<-origin.started
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled Thumbnail(dog): err = %v, want context.Canceled", err)
	}

	// The render still completes and lands in the cache for the next client.
	close(release)
	<-resizer.done
}
