package tapes

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
)

const blockSize = 4096

type catalog map[string]Location

func (c catalog) Locate(_ context.Context, path string) (Location, error) {
	loc, ok := c[path]
	if !ok {
		return Location{}, fmt.Errorf("%s: %w", path, ErrNotArchived)
	}
	return loc, nil
}

type fakeDrive struct {
	name  string
	files [][][]byte
	file  int
	next  int
}

func (d *fakeDrive) Name() string { return d.name }

func (d *fakeDrive) Seek(_ context.Context, seq int) error {
	if seq < 0 || seq >= len(d.files) {
		return fmt.Errorf("no tape file %d", seq)
	}
	d.file, d.next = seq, 0
	return nil
}

func (d *fakeDrive) ReadBlock(ctx context.Context) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	blocks := d.files[d.file]
	if d.next == len(blocks) {
		return nil, io.EOF
	}
	b := blocks[d.next]
	d.next++
	return b, nil
}

type fakeLibrary struct {
	mu      sync.Mutex
	volumes map[string][][][]byte
	mounted map[string]bool
}

func (l *fakeLibrary) Mount(_ context.Context, volser string) (Drive, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	files, ok := l.volumes[volser]
	if !ok {
		return nil, fmt.Errorf("volume %s not in library", volser)
	}
	l.mounted[volser] = true
	return &fakeDrive{name: "lto8-drive-2", files: files}, nil
}

func (l *fakeLibrary) Unmount(d Drive) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for v := range l.mounted {
		delete(l.mounted, v)
	}
	return nil
}

func (l *fakeLibrary) busy() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.mounted) > 0
}

// stagingFS is a staging area with a fixed amount of free space.
type stagingFS struct {
	mu    sync.Mutex
	files map[string]*bytes.Buffer
	free  int64
}

type stagingFile struct {
	fs   *stagingFS
	path string
}

func (s *stagingFS) Create(path string) (io.WriteCloser, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[path] = new(bytes.Buffer)
	return &stagingFile{fs: s, path: path}, nil
}

func (s *stagingFS) Remove(path string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.files[path]; ok {
		s.free += int64(b.Len())
		delete(s.files, path)
	}
	return nil
}

func (f *stagingFile) Write(p []byte) (int, error) {
	time.Sleep(time.Millisecond)
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if int64(len(p)) > f.fs.free {
		return 0, &errnoErr{op: "write " + f.path, err: syscall.ENOSPC}
	}
	f.fs.free -= int64(len(p))
	return f.fs.files[f.path].Write(p)
}

func (f *stagingFile) Close() error { return nil }

type errnoErr struct {
	op  string
	err error
}

func (e *errnoErr) Error() string { return e.op + ": " + e.err.Error() }
func (e *errnoErr) Unwrap() error { return e.err }

func archive(path, volser string, seq, nblocks int) (Location, [][]byte) {
	h := sha256.New()
	var blocks [][]byte
	var size int64
	for i := 0; i < nblocks; i++ {
		b := bytes.Repeat([]byte{byte(seq), byte(i)}, blockSize/2)
		blocks = append(blocks, b)
		h.Write(b)
		size += int64(len(b))
	}
	return Location{Path: path, Volser: volser, FileSeq: seq, Blocks: nblocks, Size: size,
		SHA256: hex.EncodeToString(h.Sum(nil))}, blocks
}

func setup(free int64) (*Restorer, *fakeLibrary, *stagingFS) {
	cat := catalog{}
	var files [][][]byte
	for seq, p := range []string{"/projects/survey-2009/raw.tar", "/projects/survey-2009/grids.tar"} {
		loc, blocks := archive(p, "A00012L8", seq, 24+seq*40)
		cat[p] = loc
		files = append(files, blocks)
	}
	lib := &fakeLibrary{volumes: map[string][][][]byte{"A00012L8": files}, mounted: map[string]bool{}}
	fs := &stagingFS{files: map[string]*bytes.Buffer{}, free: free}
	return New(cat, lib, fs, WithReadAhead(8)), lib, fs
}

func TestRestoreFromTape(t *testing.T) {
	defer goleak.VerifyNone(t)

	r, lib, fs := setup(1 << 30)
	res, err := r.Restore(context.Background(), "/projects/survey-2009/raw.tar", "/staging/raw.tar")
	if err != nil {
		t.Fatal(err)
	}
	if res.Blocks != 24 || res.Bytes != 24*blockSize {
		t.Errorf("restored %d blocks/%d bytes", res.Blocks, res.Bytes)
	}
	if fs.files["/staging/raw.tar"].Len() != 24*blockSize {
		t.Errorf("staged file has %d bytes", fs.files["/staging/raw.tar"].Len())
	}
	deadline := time.Now().Add(time.Second)
	for lib.busy() && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if lib.busy() {
		t.Error("cartridge still mounted after restore")
	}
}

func TestRestoreStagingAreaFull(t *testing.T) {
	defer goleak.VerifyNone(t)

	// grids.tar is 64 blocks; staging only has room for 10.
	r, _, fs := setup(10 * blockSize)
	_, err := r.Restore(context.Background(), "/projects/survey-2009/grids.tar", "/staging/grids.tar")
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("Restore error = %v, want ENOSPC", err)
	}
	fs.mu.Lock()
	_, left := fs.files["/staging/grids.tar"]
	free := fs.free
	fs.mu.Unlock()
	if left || free != 10*blockSize {
		t.Errorf("partial file left behind (present=%v, free=%d)", left, free)
	}
}
