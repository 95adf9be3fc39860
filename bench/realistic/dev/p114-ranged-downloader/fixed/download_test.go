package rangedl

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func object(size int) []byte {
	b := make([]byte, size)
	copy(b, "RDL1")
	for i := 4; i < size; i++ {
		b[i] = byte(i * 7)
	}
	return b
}

func memFetcher(obj []byte) Fetcher {
	return FetcherFunc(func(ctx context.Context, off, n int64) ([]byte, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return obj[off : off+n], nil
	})
}

func TestDownloadWholeObject(t *testing.T) {
	defer goleak.VerifyNone(t)
	obj := object(1000)
	s, err := Download(context.Background(), memFetcher(obj), int64(len(obj)),
		WithPartSize(64), WithConcurrency(3), WithRetries(2, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := io.ReadAll(s)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, obj) {
		t.Fatal("reassembled object differs")
	}
}

func TestFailedPart(t *testing.T) {
	defer goleak.VerifyNone(t)
	errGone := errors.New("503 from origin")
	f := FetcherFunc(func(ctx context.Context, off, n int64) ([]byte, error) {
		if off == 0 {
			return nil, errGone
		}
		return make([]byte, n), nil
	})
	s, err := Download(context.Background(), f, 300, WithPartSize(100), WithRetries(2, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := io.ReadAll(s); !errors.Is(err, errGone) {
		t.Fatalf("err = %v, want %v", err, errGone)
	}
}

func TestSniffHeaderThenClose(t *testing.T) {
	defer goleak.VerifyNone(t)
	obj := object(1000)
	s, err := Download(context.Background(), memFetcher(obj), int64(len(obj)),
		WithPartSize(128), WithConcurrency(2), WithRetries(2, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	magic := make([]byte, 4)
	if _, err := io.ReadFull(s, magic); err != nil {
		t.Fatal(err)
	}
	if string(magic) != "RDL1" {
		t.Fatalf("magic %q", magic)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}
