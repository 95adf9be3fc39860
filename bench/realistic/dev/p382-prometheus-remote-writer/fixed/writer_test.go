package remotewrite

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func samples(n int) []Sample {
	out := make([]Sample, n)
	for i := range out {
		out[i] = Sample{
			Labels:      []Label{{"__name__", "http_requests_total"}, {"instance", "web-" + strconv.Itoa(i%3)}},
			TimestampMs: int64(1000 + i),
			Value:       float64(i),
		}
	}
	return out
}

// flakyEndpoint rejects the first failures calls with a 503, then accepts.
type flakyEndpoint struct {
	mu       sync.Mutex
	failures int
	stored   int
}

func (f *flakyEndpoint) Store(_ context.Context, batch []Sample) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failures > 0 {
		f.failures--
		return &RecoverableError{Err: errors.New("server returned HTTP status 503")}
	}
	f.stored += len(batch)
	return nil
}

// hangingEndpoint accepts connections but never answers.
type hangingEndpoint struct {
	calls chan int
}

func (h *hangingEndpoint) Store(ctx context.Context, batch []Sample) error {
	h.calls <- len(batch)
	<-ctx.Done()
	return ctx.Err()
}

func TestFlushRetriesRecoverableErrors(t *testing.T) {
	defer goleak.VerifyNone(t)

	ep := &flakyEndpoint{failures: 2}
	w, err := New(ep, Config{Shards: 2, Capacity: 4, MaxSamplesPerSend: 3, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond}, WithLogf(t.Logf))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	if err := w.Append(samples(20)); err != nil {
		t.Fatal(err)
	}
	if err := w.Stop(context.Background()); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if st := w.Stats(); st.Sent != 20 || ep.stored != 20 || st.Retries != 2 {
		t.Fatalf("stats %+v, stored %d", st, ep.stored)
	}
}

func TestStopGivesUpOnUnresponsiveEndpoint(t *testing.T) {
	defer goleak.VerifyNone(t)

	ep := &hangingEndpoint{calls: make(chan int, 16)}
	w, err := New(ep, Config{Shards: 1, Capacity: 2, MaxSamplesPerSend: 2}, WithLogf(t.Logf))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	if err := w.Append(samples(10)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ep.calls:
	case <-time.After(time.Second):
		t.Fatal("endpoint never called")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := w.Stop(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Stop = %v, want deadline exceeded", err)
	}
	if st := w.Stats(); st.Sent != 0 {
		t.Fatalf("sent %d samples to an endpoint that never answered", st.Sent)
	}
	if err := w.Append(samples(1)); !errors.Is(err, ErrStopped) {
		t.Fatalf("Append after Stop = %v", err)
	}
}
