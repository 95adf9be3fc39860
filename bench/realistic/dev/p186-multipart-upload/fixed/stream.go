package multipart

import (
	"compress/gzip"
	"fmt"
	"io"
)

// gzipStream returns a reader producing the gzip-compressed contents of src.
// Compression runs in its own goroutine so it overlaps with part uploads.
func gzipStream(src io.Reader, level int) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		zw, err := gzip.NewWriterLevel(pw, level)
		if err != nil {
			pw.CloseWithError(err)
			return
		}
		if _, err := io.Copy(zw, src); err != nil {
			pw.CloseWithError(fmt.Errorf("compress: %w", err))
			return
		}
		pw.CloseWithError(zw.Close())
	}()
	return pr
}

// part is one chunk of the source waiting to be uploaded.
type part struct {
	number int
	body   []byte
}

// partReader cuts a stream into fixed-size parts.
type partReader struct {
	r      io.Reader
	size   int
	next   int
	offset int64
}

// read returns the next part, or io.EOF when the stream is exhausted. The
// last part may be shorter than the part size.
func (p *partReader) read() (part, error) {
	buf := make([]byte, p.size)
	n, err := io.ReadFull(p.r, buf)
	switch {
	case err == io.EOF:
		return part{}, io.EOF
	case err != nil && err != io.ErrUnexpectedEOF:
		return part{}, fmt.Errorf("read part %d at offset %d: %w", p.next+1, p.offset, err)
	}
	p.next++
	p.offset += int64(n)
	return part{number: p.next, body: buf[:n]}, nil
}
