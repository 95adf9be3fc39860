package follower

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
)

// Frame layout on the wire:
//
//	kind   uint8
//	length uint32 (big endian)
//	payload [length]byte
//
// A heartbeat payload is the leader's commit index as a big-endian uint64.
// An entry payload is one JSON-encoded Entry.
const (
	frameHeartbeat byte = 1
	frameEntry     byte = 2

	maxFrameSize = 4 << 20
)

type frameReader struct {
	r   *bufio.Reader
	hdr [5]byte
}

func newFrameReader(r io.Reader) *frameReader {
	return &frameReader{r: bufio.NewReader(r)}
}

// next returns the next frame. The payload is only valid until the next call.
func (fr *frameReader) next(buf []byte) (kind byte, payload []byte, err error) {
	if _, err := io.ReadFull(fr.r, fr.hdr[:]); err != nil {
		return 0, nil, err
	}
	kind = fr.hdr[0]
	n := binary.BigEndian.Uint32(fr.hdr[1:])
	if n > maxFrameSize {
		return 0, nil, fmt.Errorf("%w: frame of %d bytes", ErrBadFrame, n)
	}
	if cap(buf) < int(n) {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	if _, err := io.ReadFull(fr.r, buf); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return 0, nil, err
	}
	return kind, buf, nil
}

// AppendFrame appends an encoded frame to dst. The leader uses it to build
// the stream; it is exported for tools and tests.
func AppendFrame(dst []byte, kind byte, payload []byte) []byte {
	var hdr [5]byte
	hdr[0] = kind
	binary.BigEndian.PutUint32(hdr[1:], uint32(len(payload)))
	dst = append(dst, hdr[:]...)
	return append(dst, payload...)
}

// Frame kinds, exported for AppendFrame callers.
const (
	KindHeartbeat = frameHeartbeat
	KindEntry     = frameEntry
)

// pump demultiplexes the leader stream: heartbeats update the follower's
// view of the leader, entry payloads are written to w for the decoder.
func (f *Follower) pump(stream io.Reader, w *io.PipeWriter) {
	fr := newFrameReader(stream)
	var buf []byte
	for {
		kind, payload, err := fr.next(buf)
		if err != nil {
			w.CloseWithError(err)
			return
		}
		buf = payload
		switch kind {
		case frameHeartbeat:
			if len(payload) != 8 {
				w.CloseWithError(fmt.Errorf("%w: heartbeat of %d bytes", ErrBadFrame, len(payload)))
				return
			}
			f.noteHeartbeat(binary.BigEndian.Uint64(payload))
		case frameEntry:
			if _, err := w.Write(payload); err != nil { // leak: nobody reads or closes the pipe after Sync returns
				return
			}
		default:
			w.CloseWithError(fmt.Errorf("%w: unknown kind %d", ErrBadFrame, kind))
			return
		}
	}
}
