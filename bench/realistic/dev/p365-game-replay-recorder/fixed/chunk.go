package replay

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// chunkMagic identifies an encoded replay chunk.
var chunkMagic = [4]byte{'R', 'P', 'L', 'Y'}

const chunkVersion = 1

// ErrBadChunk is returned by ReadChunk when the input is not a valid chunk.
var ErrBadChunk = errors.New("replay: malformed chunk")

// chunk is an immutable batch of consecutive frames for one player.
type chunk struct {
	match  string
	player string
	seq    uint32
	frames []Frame
}

// key returns the object key under which the chunk is stored. Keys sort in
// playback order within a player.
func (c chunk) key() string {
	return fmt.Sprintf("%s/%s/%08d.rpl", c.match, c.player, c.seq)
}

// header renders the uncompressed chunk header. It is kept outside the
// compressed body so that indexers can read it without inflating anything.
func (c chunk) header() []byte {
	hdr := make([]byte, 0, 32+len(c.player))
	hdr = append(hdr, chunkMagic[:]...)
	hdr = append(hdr, chunkVersion)
	hdr = binary.AppendUvarint(hdr, uint64(len(c.player)))
	hdr = append(hdr, c.player...)
	hdr = binary.BigEndian.AppendUint32(hdr, c.seq)
	hdr = binary.BigEndian.AppendUint32(hdr, uint32(len(c.frames)))
	var first uint64
	if len(c.frames) > 0 {
		first = c.frames[0].Tick
	}
	hdr = binary.BigEndian.AppendUint64(hdr, first)
	return hdr
}

// encode writes the header followed by the gzip-compressed frame body to w.
// Ticks are delta-encoded against the previous frame, which keeps the body
// small for the common case of one frame per tick.
func (c chunk) encode(w io.Writer, level int) error {
	if _, err := w.Write(c.header()); err != nil {
		return fmt.Errorf("write chunk header: %w", err)
	}
	zw, err := gzip.NewWriterLevel(w, level)
	if err != nil {
		return fmt.Errorf("init compressor: %w", err)
	}
	bw := bufio.NewWriter(zw)
	var scratch [binary.MaxVarintLen64]byte
	var prev uint64
	if len(c.frames) > 0 {
		prev = c.frames[0].Tick
	}
	for _, f := range c.frames {
		n := binary.PutUvarint(scratch[:], f.Tick-prev)
		bw.Write(scratch[:n])
		n = binary.PutUvarint(scratch[:], uint64(len(f.Input)))
		bw.Write(scratch[:n])
		bw.Write(f.Input)
		prev = f.Tick
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write chunk body: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("finish chunk body: %w", err)
	}
	return nil
}

// ReadChunk decodes a chunk produced by the recorder. It returns the player
// the chunk belongs to, its sequence number and its frames.
func ReadChunk(r io.Reader) (player string, seq uint32, frames []Frame, err error) {
	br := bufio.NewReader(r)
	var fixed [5]byte
	if _, err := io.ReadFull(br, fixed[:]); err != nil {
		return "", 0, nil, fmt.Errorf("%w: header: %v", ErrBadChunk, err)
	}
	if [4]byte{fixed[0], fixed[1], fixed[2], fixed[3]} != chunkMagic || fixed[4] != chunkVersion {
		return "", 0, nil, fmt.Errorf("%w: bad magic or version", ErrBadChunk)
	}
	nameLen, err := binary.ReadUvarint(br)
	if err != nil || nameLen > 256 {
		return "", 0, nil, fmt.Errorf("%w: player name length", ErrBadChunk)
	}
	rest := make([]byte, int(nameLen)+16)
	if _, err := io.ReadFull(br, rest); err != nil {
		return "", 0, nil, fmt.Errorf("%w: header: %v", ErrBadChunk, err)
	}
	player = string(rest[:nameLen])
	seq = binary.BigEndian.Uint32(rest[nameLen:])
	count := binary.BigEndian.Uint32(rest[nameLen+4:])
	tick := binary.BigEndian.Uint64(rest[nameLen+8:])

	zr, err := gzip.NewReader(br)
	if err != nil {
		return "", 0, nil, fmt.Errorf("%w: body: %v", ErrBadChunk, err)
	}
	defer zr.Close()
	body := bufio.NewReader(zr)
	frames = make([]Frame, 0, count)
	for i := uint32(0); i < count; i++ {
		delta, err := binary.ReadUvarint(body)
		if err != nil {
			return "", 0, nil, fmt.Errorf("%w: frame %d: %v", ErrBadChunk, i, err)
		}
		size, err := binary.ReadUvarint(body)
		if err != nil || size > maxInputSize {
			return "", 0, nil, fmt.Errorf("%w: frame %d input size", ErrBadChunk, i)
		}
		input := make([]byte, size)
		if _, err := io.ReadFull(body, input); err != nil {
			return "", 0, nil, fmt.Errorf("%w: frame %d: %v", ErrBadChunk, i, err)
		}
		tick += delta
		frames = append(frames, Frame{Tick: tick, Player: player, Input: input})
	}
	return player, seq, frames, nil
}
