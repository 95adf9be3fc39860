package sftpsync

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeRemote struct {
	dirs  map[string][]Entry
	files map[string][]byte
}

func (f *fakeRemote) ReadDir(ctx context.Context, dir string) ([]Entry, error) {
	entries, ok := f.dirs[dir]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return append([]Entry(nil), entries...), nil
}

func (f *fakeRemote) Download(ctx context.Context, name string, w io.Writer) error {
	data, ok := f.files[name]
	if !ok {
		return fs.ErrNotExist
	}
	_, err := w.Write(data)
	return err
}

var errNoSpace = errors.New("no space left on device")

// fakeLocal accepts writes until its quota is used up.
type fakeLocal struct {
	mu    sync.Mutex
	quota int64
	files map[string][]byte
}

func (f *fakeLocal) List(ctx context.Context, root string) ([]Entry, error) {
	return nil, nil
}

func (f *fakeLocal) Put(ctx context.Context, name string, r io.Reader, size int64, mode fs.FileMode, mtime time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	var buf bytes.Buffer
	n, err := io.CopyN(&buf, r, f.quota+1)
	if err != nil && err != io.EOF {
		return err
	}
	if n > f.quota {
		return fmt.Errorf("write %s: %w", name, errNoSpace)
	}
	f.quota -= n
	f.files[name] = buf.Bytes()
	return nil
}

func (f *fakeLocal) Remove(ctx context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.files, name)
	return nil
}

func TestSyncStopsWhenLocalDiskIsFull(t *testing.T) {
	defer goleak.VerifyNone(t)

	mtime := time.Date(2023, 5, 1, 12, 0, 0, 0, time.UTC)
	small := []byte("hello, world\n")
	big := []byte(strings.Repeat("0123456789abcdef", 4096))
	remote := &fakeRemote{
		dirs: map[string][]Entry{
			"/srv/data": {
				{Path: "/srv/data/readme.txt", Size: int64(len(small)), Mode: 0o644, ModTime: mtime},
				{Path: "/srv/data/blobs", IsDir: true, Mode: fs.ModeDir | 0o755},
			},
			"/srv/data/blobs": {
				{Path: "/srv/data/blobs/big.bin", Size: int64(len(big)), Mode: 0o644, ModTime: mtime},
			},
		},
		files: map[string][]byte{
			"/srv/data/readme.txt":    small,
			"/srv/data/blobs/big.bin": big,
		},
	}
	local := &fakeLocal{quota: 1024, files: map[string][]byte{}}

	s := New(remote, local, WithParallelism(1))
	rep, err := s.Sync(context.Background(), "/srv/data", "/backup/data")
	if !errors.Is(err, errNoSpace) {
		t.Fatalf("Sync error = %v, want %v", err, errNoSpace)
	}
	if rep.Copied > 1 || len(rep.Failed) != 1 || rep.Failed[0] != "blobs/big.bin" {
		t.Fatalf("unexpected report %+v", rep)
	}
	if _, ok := local.files[path.Join("/backup/data", "blobs/big.bin")]; ok {
		t.Fatalf("partial file stored")
	}
}
