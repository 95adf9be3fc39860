package segmenter

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"
)

// Wire layout of a frame header (big endian):
//
//	byte  0      flags (bit 0: keyframe)
//	bytes 1..8   presentation timestamp in 90 kHz ticks
//	bytes 9..12  payload length in bytes
const (
	frameHeaderLen  = 13
	flagKeyframe    = 1 << 0
	clockRate       = 90000
	maxFramePayload = 8 << 20
)

// ErrMalformedFrame is returned when the incoming stream does not follow
// the framing format.
var ErrMalformedFrame = errors.New("malformed frame")

// Frame is one encoded access unit taken from the incoming stream.
type Frame struct {
	Keyframe bool
	PTS      int64 // 90 kHz ticks
	Payload  []byte
}

// Time converts the frame's PTS into an offset from the stream origin.
func (f Frame) Time() time.Duration {
	return ticksToDuration(f.PTS)
}

func ticksToDuration(ticks int64) time.Duration {
	return time.Duration(ticks) * time.Second / clockRate
}

// EncodeFrame appends the wire representation of f to dst and returns the
// extended slice. It is used by encoders feeding the segmenter and by tools
// replaying recorded streams.
func EncodeFrame(dst []byte, f Frame) []byte {
	var hdr [frameHeaderLen]byte
	if f.Keyframe {
		hdr[0] |= flagKeyframe
	}
	binary.BigEndian.PutUint64(hdr[1:9], uint64(f.PTS))
	binary.BigEndian.PutUint32(hdr[9:13], uint32(len(f.Payload)))
	dst = append(dst, hdr[:]...)
	return append(dst, f.Payload...)
}

// frameReader splits a byte stream into frames.
type frameReader struct {
	r       *bufio.Reader
	hdr     [frameHeaderLen]byte
	lastPTS int64
	started bool
}

func newFrameReader(r io.Reader) *frameReader {
	return &frameReader{r: bufio.NewReaderSize(r, 64<<10)}
}

// Next returns the next frame. It returns io.EOF when the stream ends on a
// frame boundary.
func (fr *frameReader) Next() (Frame, error) {
	if _, err := io.ReadFull(fr.r, fr.hdr[:]); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return Frame{}, fmt.Errorf("%w: truncated header", ErrMalformedFrame)
		}
		return Frame{}, err
	}
	pts := int64(binary.BigEndian.Uint64(fr.hdr[1:9]))
	if fr.started && pts < fr.lastPTS {
		return Frame{}, fmt.Errorf("%w: pts went backwards (%d after %d)", ErrMalformedFrame, pts, fr.lastPTS)
	}
	n := binary.BigEndian.Uint32(fr.hdr[9:13])
	if n > maxFramePayload {
		return Frame{}, fmt.Errorf("%w: payload of %d bytes exceeds limit", ErrMalformedFrame, n)
	}
	payload := make([]byte, n)
	if _, err := io.ReadFull(fr.r, payload); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return Frame{}, fmt.Errorf("%w: truncated payload", ErrMalformedFrame)
		}
		return Frame{}, err
	}
	fr.started = true
	fr.lastPTS = pts
	return Frame{Keyframe: fr.hdr[0]&flagKeyframe != 0, PTS: pts, Payload: payload}, nil
}
