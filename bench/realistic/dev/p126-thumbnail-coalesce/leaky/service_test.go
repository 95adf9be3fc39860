package thumb

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"io/fs"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// slowSource serves images from memory; Open blocks until release is closed.
type slowSource struct {
	images  map[string][]byte
	opened  chan string
	release chan struct{}
}

func (s *slowSource) Open(ctx context.Context, name string) (io.ReadCloser, error) {
	s.opened <- name
	select {
	case <-s.release:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	b, ok := s.images[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

func testPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for x := 0; x < 40; x++ {
		img.Set(x, x%20, color.RGBA{R: 255, A: 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type outcome struct {
	png []byte
	err error
}

func TestCoalescedRequestsShareMissingOriginal(t *testing.T) {
	defer goleak.VerifyNone(t)

	src := &slowSource{
		images:  map[string][]byte{"cat.png": testPNG(t)},
		opened:  make(chan string, 4),
		release: make(chan struct{}),
	}
	s := New(src, WithWorkers(2))
	defer s.Close()

	ctx := context.Background()
	leader := make(chan outcome, 1)
	go func() {
		b, err := s.Thumbnail(ctx, "dog.png", 10)
		leader <- outcome{b, err}
	}()
	<-src.opened

	follower := make(chan outcome, 1)
	go func() {
		b, err := s.Thumbnail(ctx, "dog.png", 10)
		follower <- outcome{b, err}
	}()
	for s.Coalesced() == 0 {
		time.Sleep(time.Millisecond)
	}
	close(src.release)

	if res := <-leader; !errors.Is(res.err, fs.ErrNotExist) {
		t.Fatalf("leader: err = %v, want fs.ErrNotExist", res.err)
	}
	select {
	case res := <-follower:
		if res.err == nil {
			t.Fatalf("follower: got %d bytes for a missing image", len(res.png))
		}
	case <-time.After(100 * time.Millisecond):
		t.Error("follower still waiting after the leader failed")
	}

	b, err := s.Thumbnail(ctx, "cat.png", 10)
	if err != nil {
		t.Fatalf("cat.png: %v", err)
	}
	if _, err := png.Decode(bytes.NewReader(b)); err != nil {
		t.Fatalf("cat.png thumbnail is not a PNG: %v", err)
	}
}
