package fixedkeptpipewriterclosed

import (
	"io"
)

// Tee copies a source through a pipe; its Close closes the writer end it keeps, which
// ends a write blocked on the reader just as well as closing the reader would.
type Tee struct {
	pr *io.PipeReader
	pw *io.PipeWriter
}

// NewTee starts copying src into the pipe.
func NewTee(src io.Reader) *Tee {
	pr, pw := io.Pipe()
	t := &Tee{pr: pr, pw: pw}
	go func() {
		_, err := io.Copy(pw, src)
		pw.CloseWithError(err)
	}()
	return t
}

// Read reads what has been copied so far.
func (t *Tee) Read(p []byte) (int, error) { return t.pr.Read(p) }

// Close stops the copy.
func (t *Tee) Close() error {
	return t.pw.CloseWithError(io.EOF)
}
