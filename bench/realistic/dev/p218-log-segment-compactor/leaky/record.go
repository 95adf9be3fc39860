package segmentlog

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// headerSize is the size of a frame header: offset (8), key length (4) and
// value length (4).
const headerSize = 16

// ErrCorrupt is returned when a segment contains a damaged record.
var ErrCorrupt = errors.New("segmentlog: corrupt record")

// Record is a single keyed entry in the log.
type Record struct {
	Offset uint64
	Key    []byte
	Value  []byte
}

// appendFrame appends the encoded frame of r to buf.
func appendFrame(buf []byte, r Record) []byte {
	buf = binary.BigEndian.AppendUint64(buf, r.Offset)
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(r.Key)))
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(r.Value)))
	return append(append(buf, r.Key...), r.Value...)
}

// readFrame reads the next record from br, or returns io.EOF at a clean end
// of input.
func readFrame(br *bufio.Reader) (Record, error) {
	var h [headerSize]byte
	if _, err := io.ReadFull(br, h[:]); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return Record{}, fmt.Errorf("%w: truncated header", ErrCorrupt)
		}
		return Record{}, err
	}
	kl := binary.BigEndian.Uint32(h[8:])
	body := make([]byte, uint64(kl)+uint64(binary.BigEndian.Uint32(h[12:])))
	if _, err := io.ReadFull(br, body); err != nil {
		return Record{}, fmt.Errorf("%w: truncated body: %v", ErrCorrupt, err)
	}
	return Record{Offset: binary.BigEndian.Uint64(h[:]), Key: body[:kl:kl], Value: body[kl:]}, nil
}
