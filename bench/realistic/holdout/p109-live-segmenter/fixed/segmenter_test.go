package segmenter

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

const packetSize = 7 * 188

// liveSource produces an endless 30 fps stream with a keyframe every second.
type liveSource struct {
	frame   int
	pending []byte
}

func (s *liveSource) ReadPacket(ctx context.Context) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for len(s.pending) < packetSize {
		s.pending = EncodeFrame(s.pending, Frame{
			Keyframe: s.frame%30 == 0,
			PTS:      int64(s.frame) * 3000,
			Payload:  bytes.Repeat([]byte{byte(s.frame)}, 700),
		})
		s.frame++
	}
	pkt := append([]byte(nil), s.pending[:packetSize]...)
	s.pending = append(s.pending[:0], s.pending[packetSize:]...)
	return pkt, nil
}

var errOriginDown = errors.New("origin: 503 service unavailable")

// flakyOrigin accepts playlists but rejects segment uploads.
type flakyOrigin struct {
	mu   sync.Mutex
	puts []string
}

func (o *flakyOrigin) PutObject(ctx context.Context, name, contentType string, data []byte) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.puts = append(o.puts, name)
	if strings.HasSuffix(name, ".ts") {
		return errOriginDown
	}
	return nil
}

func TestRunStopsWhenSegmentUploadFails(t *testing.T) {
	defer goleak.VerifyNone(t)

	origin := &flakyOrigin{}
	seg, err := New(origin, Config{StreamName: "live/channel-7"})
	if err != nil {
		t.Fatal(err)
	}

	err = seg.Run(context.Background(), &liveSource{})
	if !errors.Is(err, errOriginDown) {
		t.Fatalf("Run() error = %v, want %v", err, errOriginDown)
	}

	st := seg.Stats()
	if st.Segments != 0 {
		t.Errorf("Segments = %d, want 0", st.Segments)
	}
	if st.Frames < 120 {
		t.Errorf("Frames = %d, want at least 120 before the first cut", st.Frames)
	}
	origin.mu.Lock()
	defer origin.mu.Unlock()
	if len(origin.puts) != 1 || origin.puts[0] != "live/channel-7/seg-000000.ts" {
		t.Errorf("puts = %v", origin.puts)
	}
}
