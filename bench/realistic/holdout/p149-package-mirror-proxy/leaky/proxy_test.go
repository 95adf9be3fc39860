package mirror

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sync"
	"syscall"
	"testing"

	"go.uber.org/goleak"
)

type fakeUpstream struct {
	artifacts map[string][]byte
	chunk     int
}

func (u *fakeUpstream) Fetch(ctx context.Context, module, version string, w io.Writer) (int64, error) {
	data, ok := u.artifacts[module+"@"+version]
	if !ok {
		return 0, ErrNotFound
	}
	var written int64
	for len(data) > 0 {
		if err := ctx.Err(); err != nil {
			return written, err
		}
		n := u.chunk
		if n > len(data) {
			n = len(data)
		}
		m, err := w.Write(data[:n])
		written += int64(m)
		if err != nil {
			return written, err
		}
		data = data[n:]
	}
	return written, nil
}

type fakeSumDB map[string]string

func (s fakeSumDB) Lookup(_ context.Context, module, version string) (string, error) {
	sum, ok := s[module+"@"+version]
	if !ok {
		return "", fmt.Errorf("no checksum for %s@%s", module, version)
	}
	return sum, nil
}

// quotaCache is an in-memory Cache that runs out of space like a full disk.
type quotaCache struct {
	mu      sync.Mutex
	free    int64
	entries map[string][]byte
}

func (c *quotaCache) Open(key string) (io.ReadCloser, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.entries[key]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

func (c *quotaCache) Put(key string, r io.Reader) (int64, error) {
	c.mu.Lock()
	free := c.free
	c.mu.Unlock()

	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(r, free+1))
	if err != nil {
		return n, err
	}
	if n > free {
		return n, fmt.Errorf("write %s: %w", key, syscall.ENOSPC)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.free -= n
	c.entries[key] = buf.Bytes()
	return n, nil
}

func (c *quotaCache) Remove(key string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.free += int64(len(c.entries[key]))
	delete(c.entries, key)
	return nil
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestOpenWhenCacheRunsOutOfSpace(t *testing.T) {
	defer goleak.VerifyNone(t)

	small := bytes.Repeat([]byte("s"), 2000)
	large := bytes.Repeat([]byte("L"), 3*4096)
	up := &fakeUpstream{
		chunk: 4096,
		artifacts: map[string][]byte{
			"example.com/small@v1.0.0": small,
			"example.com/large@v2.1.0": large,
		},
	}
	sums := fakeSumDB{
		"example.com/small@v1.0.0": sum(small),
		"example.com/large@v2.1.0": sum(large),
	}
	cache := &quotaCache{free: 7000, entries: make(map[string][]byte)}

	p, err := New(Config{Upstream: up, SumDB: sums, Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	rc, err := p.Open(ctx, "example.com/small", "v1.0.0")
	if err != nil {
		t.Fatalf("Open small: %v", err)
	}
	got, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || !bytes.Equal(got, small) {
		t.Fatalf("small artifact: got %d bytes, err %v", len(got), err)
	}

	_, err = p.Open(ctx, "example.com/large", "v2.1.0")
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("Open large: got %v, want ENOSPC", err)
	}

	st := p.Stats()
	if st.Fetches != 2 || st.Failures != 1 {
		t.Fatalf("stats = %+v", st)
	}
}
