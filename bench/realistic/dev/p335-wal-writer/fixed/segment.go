package wal

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"sync"
	"sync/atomic"
)

// frameHeaderSize is the size of the per-record header: LSN (8 bytes),
// payload length (4 bytes) and CRC-32C of the payload (4 bytes).
const frameHeaderSize = 16

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// segment is one file of the log.
type segment struct {
	seq      uint64
	name     string
	f        File
	size     int64
	firstLSN uint64
	lastLSN  uint64

	// inflight counts appends written to f whose fsync has not been
	// acknowledged yet. The segment must not be closed before it drops to
	// zero.
	inflight sync.WaitGroup
}

func segmentName(seq uint64) string { return fmt.Sprintf("%020d.wal", seq) }

func (w *Writer) openSegment(seq uint64) (*segment, error) {
	name := segmentName(seq)
	f, err := w.fs.Create(name)
	if err != nil {
		return nil, fmt.Errorf("wal: create segment %s: %w", name, err)
	}
	return &segment{seq: seq, name: name, f: f, firstLSN: w.nextLSN}, nil
}

// write frames rec and writes it to the segment. The caller holds w.mu.
func (s *segment) write(lsn uint64, rec []byte) error {
	frame := make([]byte, frameHeaderSize+len(rec))
	binary.LittleEndian.PutUint64(frame[0:8], lsn)
	binary.LittleEndian.PutUint32(frame[8:12], uint32(len(rec)))
	binary.LittleEndian.PutUint32(frame[12:16], crc32.Checksum(rec, castagnoli))
	copy(frame[frameHeaderSize:], rec)

	n, err := s.f.Write(frame)
	s.size += int64(n)
	if err != nil {
		return fmt.Errorf("write %s: %w", s.name, err)
	}
	s.lastLSN = lsn
	return nil
}

// rotateLocked switches appends to a fresh segment and seals the old one
// in the background. The caller holds w.mu.
func (w *Writer) rotateLocked() error {
	next, err := w.openSegment(w.seg.seq + 1)
	if err != nil {
		return fmt.Errorf("wal: rotate: %w", err)
	}
	old := w.seg
	w.seg = next
	atomic.AddUint64(&w.rotations, 1)
	go w.seal(old)
	return nil
}

// seal waits until no append is waiting on seg any more, then makes the
// segment durable, closes it and reports it to Options.OnSealed.
func (w *Writer) seal(seg *segment) {
	seg.inflight.Wait()
	err := seg.f.Sync()
	if cerr := seg.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		err = fmt.Errorf("wal: seal %s: %w", seg.name, err)
	}
	if w.opts.OnSealed != nil {
		w.opts.OnSealed(SegmentInfo{
			Name:     seg.name,
			FirstLSN: seg.firstLSN,
			LastLSN:  seg.lastLSN,
			Size:     seg.size,
			Err:      err,
		})
	}
}
