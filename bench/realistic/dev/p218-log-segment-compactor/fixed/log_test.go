package segmentlog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errNoSpace = errors.New("no space left on device")

// memFS is an in-memory FS with a fixed capacity in bytes.
type memFS struct {
	mu       sync.Mutex
	files    map[string][]byte
	used     int64
	capacity int64
}

func newMemFS(capacity int64) *memFS {
	return &memFS{files: make(map[string][]byte), capacity: capacity}
}

func (fs *memFS) Create(name string) (File, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if _, ok := fs.files[name]; ok {
		return nil, fmt.Errorf("create %s: file exists", name)
	}
	fs.files[name] = nil
	return &memFile{fs: fs, name: name}, nil
}

func (fs *memFS) Open(name string) (io.ReadCloser, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	data, ok := fs.files[name]
	if !ok {
		return nil, fmt.Errorf("open %s: file does not exist", name)
	}
	return io.NopCloser(bytes.NewReader(append([]byte(nil), data...))), nil
}

func (fs *memFS) Remove(name string) error {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	data, ok := fs.files[name]
	if !ok {
		return fmt.Errorf("remove %s: file does not exist", name)
	}
	fs.used -= int64(len(data))
	delete(fs.files, name)
	return nil
}

type memFile struct {
	fs   *memFS
	name string
}

func (f *memFile) Write(p []byte) (int, error) {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if f.fs.used+int64(len(p)) > f.fs.capacity {
		return 0, errNoSpace
	}
	f.fs.files[f.name] = append(f.fs.files[f.name], p...)
	f.fs.used += int64(len(p))
	return len(p), nil
}

func (f *memFile) Sync() error  { return nil }
func (f *memFile) Close() error { return nil }

func TestReaderFollowsTail(t *testing.T) {
	defer goleak.VerifyNone(t)

	l, err := New(newMemFS(1<<20), Options{SegmentBytes: 128})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer l.Close()
	for i := 0; i < 5; i++ {
		if _, err := l.Append([]byte(fmt.Sprintf("k%d", i)), bytes.Repeat([]byte{'v'}, 40)); err != nil {
			t.Fatalf("Append: %v", err)
		}
	}

	r := l.NewReader(0)
	defer r.Close()
	for want := uint64(0); want < 5; want++ {
		rec, err := r.Next(context.Background())
		if err != nil || rec.Offset != want {
			t.Fatalf("Next = %d, %v; want offset %d", rec.Offset, err, want)
		}
	}

	got := make(chan Record, 1)
	go func() {
		rec, err := r.Next(context.Background())
		if err != nil {
			t.Errorf("Next at tail: %v", err)
		}
		got <- rec
	}()
	if _, err := l.Append([]byte("k5"), []byte("tail")); err != nil {
		t.Fatalf("Append: %v", err)
	}
	if rec := <-got; rec.Offset != 5 || string(rec.Value) != "tail" {
		t.Fatalf("tailed record = %d %q", rec.Offset, rec.Value)
	}
}

func TestCompactionOnFullDisk(t *testing.T) {
	defer goleak.VerifyNone(t)

	const records = 8
	value := bytes.Repeat([]byte{'x'}, 2000)
	frame := int64(headerSize + len("key-0") + len(value))

	// Exactly enough room for the log itself, none for a compacted copy.
	fs := newMemFS(records * frame)
	errc := make(chan error, 1)
	l, err := New(fs, Options{
		SegmentBytes: 4 * frame,
		CompactAfter: 2,
		OnCompactError: func(err error) {
			select {
			case errc <- err:
			default:
			}
		},
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	for i := 0; i < records; i++ {
		if _, err := l.Append([]byte(fmt.Sprintf("key-%d", i)), value); err != nil {
			t.Fatalf("Append %d: %v", i, err)
		}
	}

	select {
	case err := <-errc:
		if !errors.Is(err, errNoSpace) {
			t.Errorf("compaction error = %v, want %v", err, errNoSpace)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("background compaction never reported")
	}
	if err := l.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}
