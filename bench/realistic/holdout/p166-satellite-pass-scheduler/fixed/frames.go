package groundstation

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// asm is the CCSDS attached sync marker that precedes every transfer frame.
var asm = []byte{0x1A, 0xCF, 0xFC, 0x1D}

var errBadCRC = errors.New("frame CRC mismatch")

const maxFrameLen = 2048

// frame is one transfer frame as received from the radio.
type frame struct {
	VCID    uint8
	Count   uint32
	Payload []byte
}

// frameReader splits a downlink stream into frames. The wire layout after the
// sync marker is: virtual channel (1 byte), frame count (4), payload length
// (2), payload, CRC-16/CCITT over everything after the marker (2).
type frameReader struct {
	r *bufio.Reader
}

func newFrameReader(r io.Reader) *frameReader {
	return &frameReader{r: bufio.NewReader(r)}
}

// Next returns the next frame. It resynchronises on the sync marker after
// noise, returns errBadCRC for damaged frames and io.EOF at loss of signal.
func (fr *frameReader) Next() (frame, error) {
	if err := fr.sync(); err != nil {
		return frame{}, err
	}
	var hdr [7]byte
	if _, err := io.ReadFull(fr.r, hdr[:]); err != nil {
		return frame{}, truncated(err)
	}
	n := int(binary.BigEndian.Uint16(hdr[5:7]))
	if n > maxFrameLen {
		return frame{}, fmt.Errorf("frame length %d exceeds %d", n, maxFrameLen)
	}
	body := make([]byte, n+2)
	if _, err := io.ReadFull(fr.r, body); err != nil {
		return frame{}, truncated(err)
	}
	crc := crc16(crc16(0xFFFF, hdr[:]), body[:n])
	if crc != binary.BigEndian.Uint16(body[n:]) {
		return frame{}, errBadCRC
	}
	return frame{
		VCID:    hdr[0],
		Count:   binary.BigEndian.Uint32(hdr[1:5]),
		Payload: body[:n],
	}, nil
}

// sync discards bytes until the sync marker has been read.
func (fr *frameReader) sync() error {
	matched := 0
	for matched < len(asm) {
		b, err := fr.r.ReadByte()
		if err != nil {
			if matched > 0 {
				return truncated(err)
			}
			return err
		}
		switch {
		case b == asm[matched]:
			matched++
		case b == asm[0]:
			matched = 1
		default:
			matched = 0
		}
	}
	return nil
}

func truncated(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// crc16 updates a CRC-16/CCITT-FALSE checksum with p.
func crc16(crc uint16, p []byte) uint16 {
	for _, b := range p {
		crc ^= uint16(b) << 8
		for i := 0; i < 8; i++ {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

// encodeRecord renders a frame in the archive format: virtual channel (1),
// frame count (4) and payload length (4), followed by the payload.
func encodeRecord(f frame) []byte {
	rec := make([]byte, 9, 9+len(f.Payload))
	rec[0] = f.VCID
	binary.BigEndian.PutUint32(rec[1:5], f.Count)
	binary.BigEndian.PutUint32(rec[5:9], uint32(len(f.Payload)))
	return append(rec, f.Payload...)
}
