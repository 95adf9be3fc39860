package wal

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

// memFS keeps segments in memory. holdNextSync lets a test park the next
// fsync until it says so.
type memFS struct {
	mu    sync.Mutex
	files map[string]*memFile
	hold  *syncHold
}

type syncHold struct {
	entered chan struct{}
	release chan struct{}
}

func newMemFS() *memFS { return &memFS{files: make(map[string]*memFile)} }

func (fs *memFS) Create(name string) (File, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if _, ok := fs.files[name]; ok {
		return nil, errors.New("file exists")
	}
	f := &memFile{fs: fs}
	fs.files[name] = f
	return f, nil
}

func (fs *memFS) holdNextSync() *syncHold {
	h := &syncHold{entered: make(chan struct{}), release: make(chan struct{})}
	fs.mu.Lock()
	fs.hold = h
	fs.mu.Unlock()
	return h
}

func (fs *memFS) fileCount() int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return len(fs.files)
}

type memFile struct {
	fs     *memFS
	mu     sync.Mutex
	data   bytes.Buffer
	synced int
	closed bool
}

func (f *memFile) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return 0, errors.New("write on closed file")
	}
	return f.data.Write(p)
}

func (f *memFile) Sync() error {
	f.fs.mu.Lock()
	h := f.fs.hold
	f.fs.hold = nil
	f.fs.mu.Unlock()
	if h != nil {
		close(h.entered)
		<-h.release
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return errors.New("sync on closed file")
	}
	f.synced = f.data.Len()
	return nil
}

func (f *memFile) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	return nil
}

func TestAppendCancelledWhileSyncerBusyThenRotate(t *testing.T) {
	defer goleak.VerifyNone(t)

	fs := newMemFS()
	w, err := Open(fs, Options{SegmentSize: 64})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	ctx := context.Background()

	// The first append reaches the syncer, whose fsync is parked.
	hold := fs.holdNextSync()
	firstDone := make(chan error, 1)
	go func() {
		_, err := w.Append(ctx, []byte("put user:1 {\"name\":\"ada\"}"))
		firstDone <- err
	}()
	<-hold.entered

	// A second append gives up while the syncer is still busy.
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := w.Append(cancelled, []byte("put user:2 {\"name\":\"bob\"}")); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled append: err = %v, want context.Canceled", err)
	}

	close(hold.release)
	if err := <-firstDone; err != nil {
		t.Fatalf("first append: %v", err)
	}

	// The segment is now over its size limit, so this append rotates.
	lsn, err := w.Append(ctx, []byte("del user:1"))
	if err != nil {
		t.Fatalf("append after rotation: %v", err)
	}
	if lsn != 3 {
		t.Errorf("lsn = %d, want 3", lsn)
	}
	if got := fs.fileCount(); got != 2 {
		t.Errorf("segments = %d, want 2", got)
	}
	if st := w.Stats(); st.Rotations != 1 || st.Appends != 3 {
		t.Errorf("stats = %+v, want 1 rotation and 3 appends", st)
	}

	if err := w.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
}
