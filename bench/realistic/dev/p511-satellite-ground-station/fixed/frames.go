package groundstation

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"time"
)

const (
	headerLen  = 5
	trailerLen = 4
)

// ErrShortFrame is returned for a frame too short to hold header and CRC.
var ErrShortFrame = errors.New("short frame")

// ErrBadCRC is returned for a frame whose checksum does not match.
var ErrBadCRC = errors.New("frame CRC mismatch")

// Frame is one raw transfer frame handed over by the demodulator.
type Frame struct {
	Raw        []byte
	ReceivedAt time.Time
}

// Packet is a decoded frame ready for the archive.
type Packet struct {
	PassID     string
	Satellite  string
	Spacecraft uint16
	VC         uint8
	Seq        uint16
	Payload    []byte
	ReceivedAt time.Time
}

// PassReport summarises one pass once the signal has been lost.
type PassReport struct {
	PassID    string
	Satellite string
	Frames    int
	CRCErrors int
	Gaps      int
	Archived  int
	Start     time.Time
	End       time.Time
}

// EncodeFrame builds a transfer frame; simulators and tests use it.
func EncodeFrame(spacecraft uint16, vc uint8, seq uint16, payload []byte) []byte {
	b := make([]byte, headerLen, headerLen+len(payload)+trailerLen)
	binary.BigEndian.PutUint16(b[0:2], spacecraft)
	b[2] = vc
	binary.BigEndian.PutUint16(b[3:5], seq)
	b = append(b, payload...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

func parseFrame(raw []byte) (spacecraft uint16, vc uint8, seq uint16, payload []byte, err error) {
	if len(raw) < headerLen+trailerLen {
		return 0, 0, 0, nil, fmt.Errorf("%w: %d bytes", ErrShortFrame, len(raw))
	}
	body := raw[:len(raw)-trailerLen]
	want := binary.BigEndian.Uint32(raw[len(raw)-trailerLen:])
	if crc32.ChecksumIEEE(body) != want {
		return 0, 0, 0, nil, ErrBadCRC
	}
	spacecraft = binary.BigEndian.Uint16(body[0:2])
	vc = body[2]
	seq = binary.BigEndian.Uint16(body[3:5])
	payload = append([]byte(nil), body[headerLen:]...)
	return spacecraft, vc, seq, payload, nil
}

// decodePass decodes the frames of one pass until its feed is closed at loss
// of signal, archives the packets and delivers a report.
func (s *Station) decodePass(passID, satellite string, feed <-chan Frame, report chan<- PassReport) {
	rep := PassReport{PassID: passID, Satellite: satellite, Start: s.now()}
	lastSeq := make(map[uint8]uint16)
	for f := range feed {
		rep.Frames++
		sc, vc, seq, payload, err := parseFrame(f.Raw)
		if err != nil {
			if errors.Is(err, ErrBadCRC) {
				rep.CRCErrors++
			}
			s.log.Printf("pass %s: dropping frame: %v", passID, err)
			continue
		}
		if prev, ok := lastSeq[vc]; ok && seq != prev+1 {
			rep.Gaps++
		}
		lastSeq[vc] = seq

		pkt := Packet{
			PassID:     passID,
			Satellite:  satellite,
			Spacecraft: sc,
			VC:         vc,
			Seq:        seq,
			Payload:    payload,
			ReceivedAt: f.ReceivedAt,
		}
		ctx, cancel := context.WithTimeout(s.ctx, s.cfg.ArchiveTimeout)
		err = s.archive.Store(ctx, pkt)
		cancel()
		if err != nil {
			s.log.Printf("pass %s: archive seq %d: %v", passID, seq, err)
			continue
		}
		rep.Archived++
	}
	rep.End = s.now()
	report <- rep
}
