package upload

import (
	"errors"
	"fmt"
	"io"
)

// chunk is one piece of an upload, numbered from zero.
type chunk struct {
	index int
	data  []byte
}

// splitter reports how reading the source ended.
type splitter struct {
	err error
}

// Err returns the read error that ended the split, or nil at a clean EOF.
// It may only be called once the chunk channel has been closed.
func (s *splitter) Err() error { return s.err }

// split reads r in pieces of size bytes and hands them out on a channel, so
// that hashing and storing overlap with reading the request body. The channel
// is closed at the end of r or on the first read error.
func split(r io.Reader, size int) (<-chan chunk, *splitter) {
	out := make(chan chunk)
	sp := &splitter{}
	go func() {
		defer close(out)
		for i := 0; ; i++ {
			buf := make([]byte, size)
			n, err := io.ReadFull(r, buf)
			if n > 0 {
				out <- chunk{index: i, data: buf[:n]} // leak: when the handler gives up on a store error nobody receives the remaining chunks
			}
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return
			}
			if err != nil {
				sp.err = fmt.Errorf("read body: %w", err)
				return
			}
		}
	}()
	return out, sp
}
