package transcode

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// decodeStage reads packets from src and emits decoded frames. It reports at
// most one error on errc and closes its output when it is done.
func (t *Transcoder) decodeStage(ctx context.Context, src Source, errc chan<- error) <-chan Frame {
	out := make(chan Frame, t.queue)
	go func() {
		defer close(out)
		for {
			pkt, err := src.Next(ctx)
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				errc <- fmt.Errorf("transcode: read packet: %w", err)
				return
			}
			f, err := t.decode(pkt)
			if err != nil {
				errc <- fmt.Errorf("transcode: decode packet %d: %w", pkt.Index, err)
				return
			}
			select {
			case out <- f:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// scaleStage resizes every frame to the configured output size using
// nearest-neighbour sampling.
func (t *Transcoder) scaleStage(ctx context.Context, in <-chan Frame) <-chan Frame {
	out := make(chan Frame, t.queue)
	go func() {
		defer close(out)
		for {
			select {
			case <-ctx.Done():
				return
			case f, ok := <-in:
				if !ok {
					return
				}
				select {
				case out <- scale(f, t.width, t.height):
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out
}

func scale(f Frame, w, h int) Frame {
	if f.Width == w && f.Height == h {
		return f
	}
	pix := make([]byte, w*h)
	for y := 0; y < h; y++ {
		sy := y * f.Height / h
		for x := 0; x < w; x++ {
			sx := x * f.Width / w
			pix[y*w+x] = f.Pix[sy*f.Width+sx]
		}
	}
	return Frame{Index: f.Index, Width: w, Height: h, Pix: pix}
}
