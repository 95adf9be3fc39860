// Package telemetry decodes SCADA frames relayed by the wind farm's Modbus
// gateway and aggregates them into per-turbine summaries.
package telemetry

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"time"
)

// FrameSize is the length in bytes of one encoded frame.
const FrameSize = 35

const (
	frameMagic   uint16 = 0x5754 // "WT"
	frameVersion uint8  = 2
)

// Status flags reported by the turbine controller.
const (
	StatusYawing uint16 = 1 << iota
	StatusCurtailed
	StatusIcing
	StatusMaintenance
)

// Decoding errors. Frames failing to decode are counted and dropped.
var (
	ErrShortFrame = errors.New("telemetry: short frame")
	ErrBadMagic   = errors.New("telemetry: bad frame magic")
	ErrVersion    = errors.New("telemetry: unsupported frame version")
	ErrChecksum   = errors.New("telemetry: checksum mismatch")
)

// Frame is one decoded controller sample.
type Frame struct {
	Turbine   string
	At        time.Time
	RotorRPM  float64
	PowerKW   float64
	WindMS    float64
	PitchDeg  float64
	StatusBit uint16
}

// Encode serialises f in the gateway wire format.
func Encode(f Frame) []byte {
	buf := make([]byte, FrameSize)
	binary.BigEndian.PutUint16(buf[0:], frameMagic)
	buf[2] = frameVersion
	copy(buf[3:11], f.Turbine)
	binary.BigEndian.PutUint64(buf[11:], uint64(f.At.UnixMilli()))
	binary.BigEndian.PutUint16(buf[19:], uint16(f.RotorRPM*10))
	binary.BigEndian.PutUint32(buf[21:], uint32(int32(f.PowerKW)))
	binary.BigEndian.PutUint16(buf[25:], uint16(f.WindMS*100))
	binary.BigEndian.PutUint16(buf[27:], uint16(int16(f.PitchDeg*100)))
	binary.BigEndian.PutUint16(buf[29:], f.StatusBit)
	binary.BigEndian.PutUint32(buf[31:], crc32.ChecksumIEEE(buf[:31]))
	return buf
}

// Decode parses one frame in the gateway wire format.
func Decode(raw []byte) (Frame, error) {
	if len(raw) < FrameSize {
		return Frame{}, fmt.Errorf("%w: %d bytes", ErrShortFrame, len(raw))
	}
	if m := binary.BigEndian.Uint16(raw[0:]); m != frameMagic {
		return Frame{}, fmt.Errorf("%w: %#04x", ErrBadMagic, m)
	}
	if v := raw[2]; v != frameVersion {
		return Frame{}, fmt.Errorf("%w: %d", ErrVersion, v)
	}
	if sum := binary.BigEndian.Uint32(raw[31:]); sum != crc32.ChecksumIEEE(raw[:31]) {
		return Frame{}, ErrChecksum
	}
	return Frame{
		Turbine:   string(bytes.TrimRight(raw[3:11], "\x00 ")),
		At:        time.UnixMilli(int64(binary.BigEndian.Uint64(raw[11:]))).UTC(),
		RotorRPM:  float64(binary.BigEndian.Uint16(raw[19:])) / 10,
		PowerKW:   float64(int32(binary.BigEndian.Uint32(raw[21:]))),
		WindMS:    float64(binary.BigEndian.Uint16(raw[25:])) / 100,
		PitchDeg:  float64(int16(binary.BigEndian.Uint16(raw[27:]))) / 100,
		StatusBit: binary.BigEndian.Uint16(raw[29:]),
	}, nil
}
