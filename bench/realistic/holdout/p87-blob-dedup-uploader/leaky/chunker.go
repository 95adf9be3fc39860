package blobup

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// Chunk is a fixed-size piece of an input stream.
type Chunk struct {
	Index  int
	Offset int64
	Data   []byte
	Digest Digest
}

// Chunker splits a stream into fixed-size chunks. The last chunk may be
// shorter than the chunk size.
type Chunker struct {
	size int
}

// NewChunker returns a Chunker producing chunks of size bytes.
func NewChunker(size int) (*Chunker, error) {
	if size <= 0 {
		return nil, fmt.Errorf("chunker: invalid chunk size %d", size)
	}
	return &Chunker{size: size}, nil
}

// Split reads r to the end and sends its chunks, in order, on out. It closes
// out before returning. It stops early with ctx's error if ctx is done.
func (c *Chunker) Split(ctx context.Context, r io.Reader, out chan<- Chunk) error {
	defer close(out)
	var off int64
	for i := 0; ; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		buf := make([]byte, c.size)
		n, err := io.ReadFull(r, buf)
		if n > 0 {
			data := buf[:n]
			out <- Chunk{Index: i, Offset: off, Data: data, Digest: DigestOf(data)} // leak: blocks once every upload worker has given up
			off += int64(n)
		}
		switch {
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return nil
		case err != nil:
			return fmt.Errorf("chunker: read at offset %d: %w", off, err)
		}
	}
}
