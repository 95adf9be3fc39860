// Package telemetry routes telemetry frames sent by vehicles to message
// topics. Frames are decoded per vehicle in arrival order, deduplicated by
// sequence number and published to a topic chosen by frame kind.
package telemetry

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"time"
)

// Kind identifies the payload carried by a frame.
type Kind uint8

// Frame kinds understood by the router.
const (
	KindPosition Kind = iota + 1
	KindEngine
	KindBattery
	KindDiagnostic
)

const (
	frameMagic   = 0xF1
	frameVersion = 2
	// magic, version, kind, epoch(2), seq(4), time(8), vinLen(1)
	fixedHeader = 1 + 1 + 1 + 2 + 4 + 8 + 1
)

// Decoding errors.
var (
	ErrShortFrame  = errors.New("telemetry: short frame")
	ErrBadMagic    = errors.New("telemetry: bad magic")
	ErrBadVersion  = errors.New("telemetry: unsupported frame version")
	ErrBadChecksum = errors.New("telemetry: checksum mismatch")
)

// Header is the routing part of a frame.
type Header struct {
	Kind    Kind
	Epoch   uint16 // incremented by the vehicle on every telematics unit boot
	Seq     uint32 // restarts at 1 on every epoch
	Time    time.Time
	Vehicle string
}

// Frame is a decoded telemetry frame.
type Frame struct {
	Header
	Payload []byte
}

// EncodeFrame serialises f in wire format.
func EncodeFrame(f Frame) []byte {
	b := make([]byte, 0, fixedHeader+len(f.Vehicle)+2+len(f.Payload)+4)
	b = append(b, frameMagic, frameVersion, byte(f.Kind))
	b = binary.BigEndian.AppendUint16(b, f.Epoch)
	b = binary.BigEndian.AppendUint32(b, f.Seq)
	b = binary.BigEndian.AppendUint64(b, uint64(f.Time.UnixMilli()))
	b = append(b, byte(len(f.Vehicle)))
	b = append(b, f.Vehicle...)
	b = binary.BigEndian.AppendUint16(b, uint16(len(f.Payload)))
	b = append(b, f.Payload...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

// PeekHeader parses only the header of raw, without verifying the payload.
func PeekHeader(raw []byte) (Header, int, error) {
	if len(raw) < fixedHeader {
		return Header{}, 0, ErrShortFrame
	}
	if raw[0] != frameMagic {
		return Header{}, 0, ErrBadMagic
	}
	if raw[1] != frameVersion {
		return Header{}, 0, fmt.Errorf("%w: %d", ErrBadVersion, raw[1])
	}
	h := Header{
		Kind:  Kind(raw[2]),
		Epoch: binary.BigEndian.Uint16(raw[3:5]),
		Seq:   binary.BigEndian.Uint32(raw[5:9]),
		Time:  time.UnixMilli(int64(binary.BigEndian.Uint64(raw[9:17]))).UTC(),
	}
	n := fixedHeader + int(raw[17])
	if len(raw) < n {
		return Header{}, 0, ErrShortFrame
	}
	h.Vehicle = string(raw[fixedHeader:n])
	return h, n, nil
}

// DecodeFrame parses and verifies a complete frame.
func DecodeFrame(raw []byte) (Frame, error) {
	h, n, err := PeekHeader(raw)
	if err != nil {
		return Frame{}, err
	}
	if len(raw) < n+2+4 {
		return Frame{}, ErrShortFrame
	}
	plen := int(binary.BigEndian.Uint16(raw[n : n+2]))
	end := n + 2 + plen
	if len(raw) != end+4 {
		return Frame{}, ErrShortFrame
	}
	if crc32.ChecksumIEEE(raw[:end]) != binary.BigEndian.Uint32(raw[end:]) {
		return Frame{}, ErrBadChecksum
	}
	payload := make([]byte, plen)
	copy(payload, raw[n+2:end])
	return Frame{Header: h, Payload: payload}, nil
}
