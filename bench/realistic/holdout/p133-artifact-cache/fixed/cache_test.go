package artifactcache

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

// fakeRemote is an in-memory Remote. Uploads can be held until the test
// releases them.
type fakeRemote struct {
	mu      sync.Mutex
	blobs   map[Digest][]byte
	onStart func(d Digest)
	release chan struct{}
}

func newFakeRemote() *fakeRemote {
	return &fakeRemote{blobs: make(map[Digest][]byte)}
}

func (f *fakeRemote) Upload(ctx context.Context, d Digest, r io.Reader, size int64) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if int64(len(data)) != size {
		return fmt.Errorf("short upload: %d of %d bytes", len(data), size)
	}
	if f.onStart != nil {
		f.onStart(d)
	}
	if f.release != nil {
		select {
		case <-f.release:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	f.mu.Lock()
	f.blobs[d] = data
	f.mu.Unlock()
	return nil
}

func (f *fakeRemote) Download(ctx context.Context, d Digest) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	data, ok := f.blobs[d]
	if !ok {
		return nil, fmt.Errorf("download %s: %w", d.Short(), ErrNotFound)
	}
	return data, nil
}

func TestPutCallerGivesUpWhileUploadRuns(t *testing.T) {
	defer goleak.VerifyNone(t)

	remote := newFakeRemote()
	c := New(remote, WithMaxBytes(1<<10), WithLogger(log.New(io.Discard, "", 0)))
	defer c.Close()

	// Happy path first: a regular put round-trips through the remote.
	d, err := c.Put(context.Background(), []byte("libfoo.a v1"))
	if err != nil {
		t.Fatalf("Put: %v", err)
	}
	if got, err := c.Get(context.Background(), d); err != nil || string(got) != "libfoo.a v1" {
		t.Fatalf("Get = %q, %v", got, err)
	}

	// The builder's context is cancelled while its upload is still running.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	remote.release = make(chan struct{})
	remote.onStart = func(Digest) { cancel() }

	d2, err := c.Put(ctx, []byte("libbar.a v7"))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Put err = %v, want context.Canceled", err)
	}

	// The upload carries on and completes after the caller has gone.
	close(remote.release)

	got, err := c.Get(context.Background(), d2)
	if err != nil || string(got) != "libbar.a v7" {
		t.Fatalf("Get = %q, %v", got, err)
	}
}
