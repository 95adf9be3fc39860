package adinsert

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeSource struct {
	data map[string][]byte
}

func (s *fakeSource) Open(_ context.Context, ref SegmentRef) (io.ReadCloser, error) {
	b, ok := s.data[ref.Key]
	if !ok {
		return nil, fmt.Errorf("segment %q not found", ref.Key)
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

type fakeDecider struct {
	ads map[int][]Ad
}

func (d *fakeDecider) Decide(_ context.Context, req BreakRequest) ([]Ad, error) {
	ads, ok := d.ads[req.BreakIndex]
	if !ok {
		return nil, errors.New("no fill")
	}
	return ads, nil
}

type fakeBeaconer struct {
	mu       sync.Mutex
	failures map[string]int
	fired    []string
}

func (b *fakeBeaconer) Fire(_ context.Context, url string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.failures[url] > 0 {
		b.failures[url]--
		return errors.New("503 from ad server")
	}
	b.fired = append(b.fired, url)
	return nil
}

func instantAfter(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- time.Time{}
	return ch
}

var errDisconnected = errors.New("write: broken pipe")

// dropAfterWriter accepts the first limit bytes and then fails like a
// socket whose peer went away.
type dropAfterWriter struct {
	limit int
	buf   bytes.Buffer
}

func (w *dropAfterWriter) Write(b []byte) (int, error) {
	room := w.limit - w.buf.Len()
	if room <= 0 {
		return 0, errDisconnected
	}
	if len(b) > room {
		w.buf.Write(b[:room])
		return room, errDisconnected
	}
	return w.buf.Write(b)
}

func fill(c byte, n int) []byte { return bytes.Repeat([]byte{c}, n) }

func TestStreamListenerDisconnects(t *testing.T) {
	defer goleak.VerifyNone(t)

	src := &fakeSource{data: map[string][]byte{
		"ep1/part-0":  fill('a', 4096),
		"ep1/part-1":  fill('b', 4096),
		"ad/mattress": fill('m', 2048),
		"ad/vpn":      fill('v', 1024),
	}}
	dec := &fakeDecider{ads: map[int][]Ad{
		0: {
			{ID: "ad-1", CampaignID: "c-1", Creative: SegmentRef{Key: "ad/mattress", Size: 2048}, Duration: 30 * time.Second, ImpressionURL: "https://ads.example/imp/1"},
			{ID: "ad-2", CampaignID: "c-2", Creative: SegmentRef{Key: "ad/vpn", Size: 1024}, Duration: 15 * time.Second, ImpressionURL: "https://ads.example/imp/2"},
		},
	}}
	beacons := &fakeBeaconer{failures: map[string]int{"https://ads.example/imp/2": 1}}
	tracker := NewTracker(beacons, TrackerConfig{MaxAttempts: 3, Backoff: time.Second, After: instantAfter})
	ins := NewInserter(src, dec, WithTracker(tracker))

	ep := Episode{
		ID: "ep1",
		Segments: []SegmentRef{
			{Key: "ep1/part-0", Size: 4096},
			{Key: "ep1/part-1", Size: 4096},
		},
		Breaks: []Break{{AfterSegment: 0, MaxDuration: 60 * time.Second}},
	}
	ctx := context.Background()

	var full bytes.Buffer
	stats, err := ins.Stream(ctx, ep, "l-1", &full)
	if err != nil {
		t.Fatalf("Stream: %v", err)
	}
	if stats.Impressions != 2 || stats.Bytes != 4096+2048+1024+4096 {
		t.Fatalf("stats = %+v", stats)
	}
	want := append(append(append(fill('a', 4096), fill('m', 2048)...), fill('v', 1024)...), fill('b', 4096)...)
	if !bytes.Equal(full.Bytes(), want) {
		t.Fatalf("stitched stream mismatch: got %d bytes", full.Len())
	}

	// The second listener drops the connection partway through the first
	// content segment.
	w := &dropAfterWriter{limit: 1000}
	stats, err = ins.Stream(ctx, ep, "l-2", w)
	if !errors.Is(err, errDisconnected) {
		t.Fatalf("Stream to disconnecting listener: err = %v, want %v", err, errDisconnected)
	}
	if stats.Impressions != 0 {
		t.Fatalf("impressions for undelivered ads: %d", stats.Impressions)
	}

	tracker.Close()
	if sent, failed := tracker.Counts(); sent != 2 || failed != 0 {
		t.Fatalf("tracker counts: sent=%d failed=%d", sent, failed)
	}
}
