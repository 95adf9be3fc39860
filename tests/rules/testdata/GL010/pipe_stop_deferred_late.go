package archiver

import (
	"errors"
	"io"
	"strings"
)

// run: _ = Archive(io.Discard, "", "data")

var errNoName = errors.New("no entry name")

// Archiver streams entries to a sink through a goroutine that upper-cases them.
type Archiver struct {
	pw   *io.PipeWriter
	done chan error
}

// NewArchiver starts the goroutine that copies into sink.
func NewArchiver(sink io.Writer) *Archiver {
	pr, pw := io.Pipe()
	a := &Archiver{pw: pw, done: make(chan error, 1)}
	go a.copyOut(pr, sink)
	return a
}

func (a *Archiver) copyOut(pr *io.PipeReader, sink io.Writer) {
	buf := make([]byte, 512)
	for {
		n, err := pr.Read(buf)
		if n > 0 {
			if _, werr := io.WriteString(sink, strings.ToUpper(string(buf[:n]))); werr != nil {
				pr.CloseWithError(werr)
				a.done <- werr
				return
			}
		}
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			a.done <- err
			return
		}
	}
}

// Write adds p to the archive.
func (a *Archiver) Write(p []byte) (int, error) { return a.pw.Write(p) }

// Close flushes the archive and reports the first error.
func (a *Archiver) Close() error {
	a.pw.Close()
	return <-a.done
}

// Archive writes one named entry to sink.
func Archive(sink io.Writer, name, data string) (err error) {
	a := NewArchiver(sink) // want "`NewArchiver` starts goroutine `copyOut`, which runs until `Close` stops it; `Archive` returns at line 61 before the `defer` at line 63 that calls `a.Close\(\)`, so on that path nothing stops it"
	if name == "" {
		return errNoName
	}
	defer func() {
		if cerr := a.Close(); err == nil {
			err = cerr
		}
	}()
	_, err = io.WriteString(a, name+": "+data)
	return err
}
