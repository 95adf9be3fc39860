package thumbnail

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type memSource struct {
	files map[string][]byte
}

func (m *memSource) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	b, ok := m.files[key]
	if !ok {
		return nil, errors.New("not found")
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

// slowSink simulates an object store that accepts the upload but then
// stalls until the request is abandoned.
type slowSink struct {
	started chan string

	mu   sync.Mutex
	keys []string
}

func (s *slowSink) Put(ctx context.Context, key, contentType string, r io.Reader) error {
	s.mu.Lock()
	s.keys = append(s.keys, key)
	s.mu.Unlock()
	s.started <- key
	<-ctx.Done()
	return ctx.Err()
}

func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{R: uint8(x), G: uint8(y), B: 0x80, A: 0xff})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestThumbnailCallerGivesUpDuringUpload(t *testing.T) {
	defer goleak.VerifyNone(t)

	src := &memSource{files: map[string][]byte{"photos/cat.png": testPNG(t, 64, 48)}}
	sink := &slowSink{started: make(chan string, 1)}
	svc, err := New(src, sink, Config{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-sink.started
		cancel() // the HTTP client disconnected
	}()

	_, err = svc.Thumbnail(ctx, Request{Key: "photos/cat.png", MaxWidth: 32, MaxHeight: 32})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Thumbnail error = %v, want context.Canceled", err)
	}
	if err := svc.Close(); err != nil {
		t.Fatal(err)
	}

	sink.mu.Lock()
	defer sink.mu.Unlock()
	if len(sink.keys) != 1 || sink.keys[0] != "photos/cat_32x32.jpg" {
		t.Fatalf("uploaded keys = %v", sink.keys)
	}
}
