package meterread

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"
)

// ErrBadFrame is wrapped by errors for radio frames that cannot be decoded.
var ErrBadFrame = errors.New("meterread: bad frame")

// frameLen is the size of a meter's register broadcast: a 4-byte serial
// number, a 4-byte register in litres, a status byte and an XOR checksum.
const frameLen = 10

// Status bits reported by the meter itself.
const (
	StatusTamper     = 1 << 0
	StatusReverse    = 1 << 1
	StatusLowBattery = 1 << 2
)

// Frame is a raw radio frame as stored and forwarded by a collector.
type Frame struct {
	Payload    []byte
	RSSI       int
	ReceivedAt time.Time
}

// Reading is a decoded register reading.
type Reading struct {
	MeterID string
	// Litres is the meter's cumulative register. It wraps at 2^32.
	Litres uint32
	Status uint8
	At     time.Time
}

// decodeFrame parses a meter broadcast.
func decodeFrame(f Frame) (Reading, error) {
	p := f.Payload
	if len(p) != frameLen {
		return Reading{}, fmt.Errorf("%w: %d bytes, want %d", ErrBadFrame, len(p), frameLen)
	}
	var sum byte
	for _, b := range p[:frameLen-1] {
		sum ^= b
	}
	if sum != p[frameLen-1] {
		return Reading{}, fmt.Errorf("%w: checksum %#02x, want %#02x", ErrBadFrame, p[frameLen-1], sum)
	}
	return Reading{
		MeterID: fmt.Sprintf("WM%08d", binary.BigEndian.Uint32(p[0:4])),
		Litres:  binary.BigEndian.Uint32(p[4:8]),
		Status:  p[8],
		At:      f.ReceivedAt,
	}, nil
}

// EncodeFrame builds the payload a meter with the given serial broadcasts.
// Collector simulators and tests use it.
func EncodeFrame(serial, litres uint32, status uint8) []byte {
	p := make([]byte, frameLen)
	binary.BigEndian.PutUint32(p[0:4], serial)
	binary.BigEndian.PutUint32(p[4:8], litres)
	p[8] = status
	for _, b := range p[:frameLen-1] {
		p[frameLen-1] ^= b
	}
	return p
}
