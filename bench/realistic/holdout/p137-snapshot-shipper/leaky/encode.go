package snapship

import (
	"encoding/binary"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
)

// Stream layout:
//
//	magic "SNP1" | index uint64 | term uint64
//	{ tagRecord | uvarint len(key) | key | uvarint len(value) | value }*
//	tagEnd | crc32c of everything before it (uint32, big endian)
const (
	magic     = "SNP1"
	tagRecord = 0x01
	tagEnd    = 0x00

	// flushThreshold is how much encoded data is buffered before it is
	// handed to the underlying writer.
	flushThreshold = 32 << 10
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// frameWriter accumulates encoded frames and writes them out in batches,
// keeping a running checksum of everything written.
type frameWriter struct {
	w   io.Writer
	crc hash.Hash32
	buf []byte
	tmp [binary.MaxVarintLen64]byte
}

func newFrameWriter(w io.Writer) *frameWriter {
	return &frameWriter{w: w, crc: crc32.New(castagnoli), buf: make([]byte, 0, 4096)}
}

func (fw *frameWriter) uvarint(v uint64) {
	n := binary.PutUvarint(fw.tmp[:], v)
	fw.buf = append(fw.buf, fw.tmp[:n]...)
}

func (fw *frameWriter) record(key, value []byte) {
	fw.buf = append(fw.buf, tagRecord)
	fw.uvarint(uint64(len(key)))
	fw.buf = append(fw.buf, key...)
	fw.uvarint(uint64(len(value)))
	fw.buf = append(fw.buf, value...)
}

// flush checksums and writes out everything buffered so far.
func (fw *frameWriter) flush() error {
	fw.crc.Write(fw.buf)
	return fw.write()
}

// finish terminates the stream with the end tag and checksum trailer.
func (fw *frameWriter) finish() error {
	fw.buf = append(fw.buf, tagEnd)
	fw.crc.Write(fw.buf)
	fw.buf = binary.BigEndian.AppendUint32(fw.buf, fw.crc.Sum32())
	return fw.write()
}

func (fw *frameWriter) write() error {
	if len(fw.buf) == 0 {
		return nil
	}
	_, err := fw.w.Write(fw.buf) // leak: nobody reads the rest of the pipe
	fw.buf = fw.buf[:0]
	return err
}

// encode writes snap to w in the stream format described above.
func encode(w io.Writer, snap Snapshot, index, term uint64) error {
	fw := newFrameWriter(w)
	fw.buf = append(fw.buf, magic...)
	fw.buf = binary.BigEndian.AppendUint64(fw.buf, index)
	fw.buf = binary.BigEndian.AppendUint64(fw.buf, term)

	err := snap.Range(func(key, value []byte) error {
		fw.record(key, value)
		if len(fw.buf) >= flushThreshold {
			return fw.flush()
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("encode snapshot %d: %w", index, err)
	}

	if err := fw.finish(); err != nil {
		return fmt.Errorf("encode snapshot %d: %w", index, err)
	}
	return nil
}

// Decode verifies an encoded snapshot read from r, calls fn for every
// record, and returns the snapshot's index and term.
func Decode(r io.Reader, fn func(key, value []byte) error) (index, term uint64, err error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return 0, 0, fmt.Errorf("snapship: read snapshot: %w", err)
	}
	const hdrLen = len(magic) + 16
	if len(data) < hdrLen+5 || string(data[:len(magic)]) != magic {
		return 0, 0, fmt.Errorf("%w: missing header", ErrCorrupt)
	}
	body, trailer := data[:len(data)-4], data[len(data)-4:]
	if got, want := binary.BigEndian.Uint32(trailer), crc32.Checksum(body, castagnoli); got != want {
		return 0, 0, fmt.Errorf("%w: checksum %08x, want %08x", ErrCorrupt, got, want)
	}
	index = binary.BigEndian.Uint64(data[len(magic):])
	term = binary.BigEndian.Uint64(data[len(magic)+8:])

	rest := body[hdrLen:]
	for len(rest) > 0 && rest[0] == tagRecord {
		var key, value []byte
		if key, rest, err = field(rest[1:]); err != nil {
			return 0, 0, err
		}
		if value, rest, err = field(rest); err != nil {
			return 0, 0, err
		}
		if err := fn(key, value); err != nil {
			return 0, 0, err
		}
	}
	if len(rest) != 1 || rest[0] != tagEnd {
		return 0, 0, fmt.Errorf("%w: bad record framing", ErrCorrupt)
	}
	return index, term, nil
}

// field splits a length-prefixed field off the front of b.
func field(b []byte) (f, rest []byte, err error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return nil, nil, fmt.Errorf("%w: bad field length", ErrCorrupt)
	}
	return b[k : k+int(n)], b[k+int(n):], nil
}
