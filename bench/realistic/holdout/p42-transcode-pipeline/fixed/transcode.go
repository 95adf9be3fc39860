// Package transcode converts a stream of raw grayscale video packets into a
// smaller run-length encoded stream. Decoding, scaling and encoding run as
// separate stages so that a slow encoder does not stall the reader.
package transcode

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Packet is one compressed unit read from the input container.
type Packet struct {
	Index int
	Data  []byte
}

// Frame is a decoded grayscale picture.
type Frame struct {
	Index         int
	Width, Height int
	Pix           []byte
}

// Source yields packets until it returns io.EOF.
type Source interface {
	Next(ctx context.Context) (Packet, error)
}

// Decoder turns a packet into a frame.
type Decoder func(Packet) (Frame, error)

// Option configures a Transcoder.
type Option func(*Transcoder)

// WithSize sets the output frame size.
func WithSize(w, h int) Option {
	return func(t *Transcoder) { t.width, t.height = w, h }
}

// WithQueue sets how many frames may wait between two stages.
func WithQueue(n int) Option {
	return func(t *Transcoder) { t.queue = n }
}

// Transcoder runs the decode, scale and encode stages.
type Transcoder struct {
	decode        Decoder
	width, height int
	queue         int
}

// New returns a Transcoder that uses decode for the first stage.
func New(decode Decoder, opts ...Option) *Transcoder {
	t := &Transcoder{decode: decode, width: 320, height: 180}
	for _, o := range opts {
		o(t)
	}
	return t
}

// Run reads every packet from src and writes the encoded frames to dst, each
// prefixed with its index and length. It stops at the first error.
func (t *Transcoder) Run(ctx context.Context, src Source, dst io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	errc := make(chan error, 1)
	decoded := t.decodeStage(ctx, src, errc)
	scaled := t.scaleStage(ctx, decoded)

	var hdr [8]byte
	for f := range scaled {
		payload := encodeRLE(f)
		binary.BigEndian.PutUint32(hdr[0:4], uint32(f.Index))
		binary.BigEndian.PutUint32(hdr[4:8], uint32(len(payload)))
		if _, err := dst.Write(hdr[:]); err != nil {
			return fmt.Errorf("transcode: write frame %d: %w", f.Index, err)
		}
		if _, err := dst.Write(payload); err != nil {
			return fmt.Errorf("transcode: write frame %d: %w", f.Index, err)
		}
	}
	select {
	case err := <-errc:
		return err
	default:
		return nil
	}
}

// encodeRLE packs the frame as (count, value) byte pairs.
func encodeRLE(f Frame) []byte {
	out := make([]byte, 0, len(f.Pix)/2+4)
	for i := 0; i < len(f.Pix); {
		j := i
		for j < len(f.Pix) && f.Pix[j] == f.Pix[i] && j-i < 255 {
			j++
		}
		out = append(out, byte(j-i), f.Pix[i])
		i = j
	}
	return out
}

// ErrBadPacket is wrapped by decoders that reject a packet.
var ErrBadPacket = errors.New("transcode: bad packet")
