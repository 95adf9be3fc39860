package bidi

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Message is one application message on a stream.
type Message struct {
	Method  string
	Payload []byte
}

// ErrFrameTooLarge is returned when a peer announces a frame over the limit.
var ErrFrameTooLarge = errors.New("bidi: frame too large")

const headerLen = 8

// writeFrame writes m as a header with the two lengths followed by the bytes.
func writeFrame(w io.Writer, m Message) error {
	buf := make([]byte, headerLen+len(m.Method)+len(m.Payload))
	binary.BigEndian.PutUint32(buf[0:4], uint32(len(m.Method)))
	binary.BigEndian.PutUint32(buf[4:8], uint32(len(m.Payload)))
	n := copy(buf[headerLen:], m.Method)
	copy(buf[headerLen+n:], m.Payload)
	_, err := w.Write(buf)
	return err
}

// readFrame reads one frame written by writeFrame. It returns io.EOF if the
// peer closed cleanly between frames.
func readFrame(r io.Reader, max int) (Message, error) {
	var hdr [headerLen]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil { // leak: Close only half-closes the transport, so this read waits for a peer that may never hang up
		return Message{}, err
	}
	ml := int(binary.BigEndian.Uint32(hdr[0:4]))
	pl := int(binary.BigEndian.Uint32(hdr[4:8]))
	if ml+pl > max {
		return Message{}, fmt.Errorf("%w: %d bytes", ErrFrameTooLarge, ml+pl)
	}
	body := make([]byte, ml+pl)
	if _, err := io.ReadFull(r, body); err != nil {
		return Message{}, fmt.Errorf("bidi: truncated frame: %w", err)
	}
	return Message{Method: string(body[:ml]), Payload: body[ml:]}, nil
}
