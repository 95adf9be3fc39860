package thumbnail

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"testing"

	"go.uber.org/goleak"
)

type memUploads map[string][]byte

func (u memUploads) Open(ctx context.Context, id string) (io.ReadCloser, error) {
	b, ok := u[id]
	if !ok {
		return nil, errors.New("no such upload")
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

var errInsufficientStorage = errors.New("objectstore: 507 insufficient storage")

// fullCache misses every lookup and refuses every write up front, the way
// an object store answers once its bucket quota is exhausted.
type fullCache struct{ puts int }

func (c *fullCache) Get(ctx context.Context, key string) ([]byte, bool, error) {
	return nil, false, nil
}

func (c *fullCache) Put(ctx context.Context, key string, r io.Reader) error {
	c.puts++
	return errInsufficientStorage
}

func gradientPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{R: uint8(x * 255 / w), G: uint8(y * 255 / h), B: 128, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestThumbnailWhenCacheRejectsWrite(t *testing.T) {
	defer goleak.VerifyNone(t)

	uploads := memUploads{"upl-123": gradientPNG(t, 640, 480)}
	cache := &fullCache{}
	svc := New(Config{Workers: 2}, uploads, cache)
	defer svc.Close()

	_, err := svc.Thumbnail(context.Background(), "upl-123", Spec{Width: 160, Height: 160})
	if !errors.Is(err, errInsufficientStorage) {
		t.Fatalf("Thumbnail error = %v, want errInsufficientStorage", err)
	}
	if cache.puts != 1 {
		t.Fatalf("cache.Put called %d times, want 1", cache.puts)
	}
}
