package layerstore

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"go.uber.org/goleak"
)

func TestPutDeduplicatesAndRejectsOversized(t *testing.T) {
	defer goleak.VerifyNone(t)

	s, err := Open(t.TempDir(), WithMaxLayerSize(64))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	layer := []byte("FROM scratch\nCOPY app /app\n")

	first, err := s.Put(ctx, bytes.NewReader(layer))
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.Put(ctx, bytes.NewReader(layer))
	if err != nil {
		t.Fatal(err)
	}
	if first.Digest != second.Digest || first.Existing || !second.Existing {
		t.Fatalf("first %+v, second %+v", first, second)
	}
	if got := s.Refs(first.Digest); got != 2 {
		t.Fatalf("refs = %d, want 2", got)
	}

	_, err = s.Put(ctx, bytes.NewReader(bytes.Repeat([]byte{0xab}, 1024)))
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("oversized put: got %v, want ErrTooLarge", err)
	}

	for i := 0; i < 2; i++ {
		if err := s.Release(first.Digest); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Release(first.Digest); !errors.Is(err, ErrNotFound) {
		t.Fatalf("extra release: got %v, want ErrNotFound", err)
	}
}
