package blobstore

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type flakyBackend struct {
	data    string
	failAt  int64
	failed  bool
	fetches int
}

type flakyBody struct {
	r      io.Reader
	remain int64
}

func (b *flakyBody) Read(p []byte) (int, error) {
	if b.remain == 0 {
		return 0, fmt.Errorf("connection reset: %w", ErrTransient)
	}
	if b.remain > 0 && int64(len(p)) > b.remain {
		p = p[:b.remain]
	}
	n, err := b.r.Read(p)
	if b.remain > 0 {
		b.remain -= int64(n)
	}
	return n, err
}

func (b *flakyBody) Close() error { return nil }

func (f *flakyBackend) GetRange(ctx context.Context, bucket, key string, off int64) (io.ReadCloser, error) {
	f.fetches++
	remain := int64(-1)
	if !f.failed {
		f.failed = true
		remain = f.failAt - off
	}
	return &flakyBody{r: strings.NewReader(f.data[off:]), remain: remain}, nil
}

func TestReadWithResume(t *testing.T) {
	defer goleak.VerifyNone(t)

	data := strings.Repeat("0123456789", 100)
	be := &flakyBackend{data: data, failAt: 337}
	c := NewClient(be, "backups", WithRetries(2, time.Millisecond))

	r, err := c.Open(context.Background(), "db/2024-05-01.dump")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if buf.String() != data || be.fetches != 2 {
		t.Fatalf("got %d bytes after %d fetches", buf.Len(), be.fetches)
	}
}
