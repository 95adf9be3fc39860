package shield

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeOrigin struct {
	objects map[string][]byte
	fetches int32
}

func (o *fakeOrigin) Fetch(_ context.Context, key string, fn func([]byte) error) error {
	atomic.AddInt32(&o.fetches, 1)
	time.Sleep(5 * time.Millisecond) // let concurrent requests pile up
	body, ok := o.objects[key]
	if !ok {
		return errors.New("404")
	}
	for len(body) > 0 {
		n := 256
		if n > len(body) {
			n = len(body)
		}
		if err := fn(body[:n]); err != nil {
			return err
		}
		body = body[n:]
	}
	return nil
}

func TestShieldRejectsErrorPages(t *testing.T) {
	defer goleak.VerifyNone(t)

	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0x42}, 3000)...)
	page := []byte("<!doctype html><html><body>" + strings.Repeat("Service Unavailable ", 100) + "</body></html>")
	origin := &fakeOrigin{objects: map[string][]byte{
		"logo.png":   png,
		"banner.png": page,
	}}
	s := New(origin, WithFetchTimeout(100*time.Millisecond))

	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()

	obj, err := s.Get(ctx, "logo.png")
	if err != nil || obj.ContentType != "image/png" || len(obj.Body) != len(png) {
		t.Fatalf("logo.png: %v", err)
	}

	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.Get(ctx, "banner.png"); !errors.Is(err, ErrNotImage) {
				t.Errorf("banner.png: got %v, want ErrNotImage", err)
			}
		}()
	}
	wg.Wait()
	if n := atomic.LoadInt32(&origin.fetches); n != 2 {
		t.Errorf("origin fetched %d times, want 2", n)
	}
}
