package transcode

import (
	"context"
	"errors"
	"io"
	"testing"

	"go.uber.org/goleak"
)

type sliceSource struct {
	pkts []Packet
	next int

	// If reached is non-nil, it is closed once the packet with index mark
	// has been handed out.
	mark    int
	reached chan struct{}
}

func (s *sliceSource) Next(ctx context.Context) (Packet, error) {
	if err := ctx.Err(); err != nil {
		return Packet{}, err
	}
	if s.next == len(s.pkts) {
		return Packet{}, io.EOF
	}
	p := s.pkts[s.next]
	s.next++
	if s.reached != nil && p.Index == s.mark {
		close(s.reached)
	}
	return p, nil
}

// rawDecoder treats the packet bytes as a 16x16 picture.
func rawDecoder(p Packet) (Frame, error) {
	if len(p.Data) != 16*16 {
		return Frame{}, ErrBadPacket
	}
	return Frame{Index: p.Index, Width: 16, Height: 16, Pix: p.Data}, nil
}

var errDiskFull = errors.New("no space left on device")

// quotaWriter fails once more than limit bytes have been written. If wait is
// non-nil, the failing Write first waits for it to be closed.
type quotaWriter struct {
	n, limit int
	wait     <-chan struct{}
}

func (w *quotaWriter) Write(p []byte) (int, error) {
	if w.n+len(p) > w.limit {
		if w.wait != nil {
			<-w.wait
		}
		return 0, errDiskFull
	}
	w.n += len(p)
	return len(p), nil
}

func TestRunStopsWhenOutputFails(t *testing.T) {
	defer goleak.VerifyNone(t)

	// With queues of one frame, the source handing out packet 4 means every
	// stage downstream of it already holds or has queued a later frame than
	// the one being written, so the pipeline is full when the write fails.
	src := &sliceSource{mark: 4, reached: make(chan struct{})}
	for i := 0; i < 12; i++ {
		data := make([]byte, 16*16)
		for j := range data {
			data[j] = byte(i + j%3)
		}
		src.pkts = append(src.pkts, Packet{Index: i, Data: data})
	}
	tc := New(rawDecoder, WithSize(8, 8), WithQueue(1))

	err := tc.Run(context.Background(), src, &quotaWriter{limit: 100, wait: src.reached})
	if !errors.Is(err, errDiskFull) {
		t.Fatalf("Run error = %v, want %v", err, errDiskFull)
	}
}
