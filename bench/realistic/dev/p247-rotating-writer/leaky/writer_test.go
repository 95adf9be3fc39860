package rotate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// bucketArchive mimics an object store that checks permissions before it
// accepts an upload.
type bucketArchive struct {
	mu      sync.Mutex
	allowed bool
	objects map[string][]byte
}

var errForbidden = errors.New("403 Forbidden")

func (b *bucketArchive) Store(_ context.Context, name string, r io.Reader) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.allowed {
		return fmt.Errorf("put %s: %w", name, errForbidden)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	b.objects[name] = data
	return nil
}

func TestArchiveRejectedKeepsSegment(t *testing.T) {
	defer goleak.VerifyNone(t)

	dir := t.TempDir()
	archive := &bucketArchive{objects: make(map[string][]byte)}
	errs := make(chan error, 4)
	w, err := New(filepath.Join(dir, "app.log"), Options{
		MaxSize: 64,
		Archive: archive,
		Clock:   fixedClock{time.Date(2024, 2, 3, 4, 5, 6, 0, time.UTC)},
		OnError: func(err error) { errs <- err },
	})
	if err != nil {
		t.Fatal(err)
	}

	line := strings.Repeat("x", 39) + "\n"
	for i := 0; i < 2; i++ {
		if _, err := io.WriteString(w, line); err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}

	select {
	case err := <-errs:
		if !errors.Is(err, errForbidden) {
			t.Fatalf("OnError got %v, want %v", err, errForbidden)
		}
	default:
		t.Fatal("OnError was not called for the rejected segment")
	}
	seg := filepath.Join(dir, "app-20240203T040506.000.log")
	if _, err := os.Stat(seg); err != nil {
		t.Fatalf("segment should be kept after a failed upload: %v", err)
	}
	if len(archive.objects) != 0 {
		t.Fatalf("archive holds %d objects, want 0", len(archive.objects))
	}
}
