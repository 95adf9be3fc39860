package streammux

import (
	"encoding/binary"
	"fmt"
	"io"
)

type frameType uint8

const (
	frameData frameType = iota + 1
	frameWindowUpdate
	frameFin
	frameReset
)

const (
	// headerLen is the size of the fixed frame header: type (1 byte), stream
	// ID (4 bytes) and payload length (4 bytes), big endian.
	headerLen = 9
	// maxFrameSize bounds the payload of a single frame.
	maxFrameSize = 16 << 10
)

type frame struct {
	typ     frameType
	stream  uint32
	payload []byte
}

// u32Frame builds a WINDOW_UPDATE or RST frame.
func u32Frame(typ frameType, id, v uint32) frame {
	p := make([]byte, 4)
	binary.BigEndian.PutUint32(p, v)
	return frame{typ: typ, stream: id, payload: p}
}

// u32 decodes the payload of WINDOW_UPDATE and RST frames; readFrame has
// checked its length.
func (f frame) u32() uint32 { return binary.BigEndian.Uint32(f.payload) }

func writeFrame(w io.Writer, f frame) error {
	buf := make([]byte, headerLen+len(f.payload))
	buf[0] = byte(f.typ)
	binary.BigEndian.PutUint32(buf[1:5], f.stream)
	binary.BigEndian.PutUint32(buf[5:9], uint32(len(f.payload)))
	copy(buf[headerLen:], f.payload)
	_, err := w.Write(buf)
	return err
}

func readFrame(r io.Reader) (frame, error) {
	var hdr [headerLen]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return frame{}, err
	}
	f := frame{typ: frameType(hdr[0]), stream: binary.BigEndian.Uint32(hdr[1:5])}
	n := binary.BigEndian.Uint32(hdr[5:9])
	if n > maxFrameSize || (n != 4 && (f.typ == frameWindowUpdate || f.typ == frameReset)) {
		return frame{}, fmt.Errorf("%w: type %d frame of %d bytes", ErrProtocol, f.typ, n)
	}
	if n > 0 {
		f.payload = make([]byte, n)
		if _, err := io.ReadFull(r, f.payload); err != nil {
			return frame{}, fmt.Errorf("streammux: short type %d frame: %w", f.typ, err)
		}
	}
	return f, nil
}
