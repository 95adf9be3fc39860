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

// quotaWriter fails once more than limit bytes have been written.
type quotaWriter struct{ n, limit int }

func (w *quotaWriter) Write(p []byte) (int, error) {
	if w.n+len(p) > w.limit {
		return 0, errDiskFull
	}
	w.n += len(p)
	return len(p), nil
}

func TestRunStopsWhenOutputFails(t *testing.T) {
	defer goleak.VerifyNone(t)

	src := &sliceSource{}
	for i := 0; i < 12; i++ {
		data := make([]byte, 16*16)
		for j := range data {
			data[j] = byte(i + j%3)
		}
		src.pkts = append(src.pkts, Packet{Index: i, Data: data})
	}
	tc := New(rawDecoder, WithSize(8, 8), WithQueue(1))

	err := tc.Run(context.Background(), src, &quotaWriter{limit: 100})
	if !errors.Is(err, errDiskFull) {
		t.Fatalf("Run error = %v, want %v", err, errDiskFull)
	}
}
