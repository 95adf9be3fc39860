package fixedpipehandedoverinavalue

import (
	"errors"
	"io"
	"strings"
)

// sealer is what Seal hands back: its Close closes the pipe it writes to.
type sealer struct {
	pw   *io.PipeWriter
	done chan error
}

func (s *sealer) Write(p []byte) (int, error) { return s.pw.Write(p) }

// Close ends the stream and waits for the sealing goroutine.
func (s *sealer) Close() error {
	s.pw.Close()
	return <-s.done
}

// Seal returns a writer whose bytes are sealed into dst.
func Seal(dst *strings.Builder, header string) (io.WriteCloser, error) {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		_, err := io.Copy(dst, pr)
		pr.CloseWithError(err)
		done <- err
	}()
	if header == "" {
		pw.Close()
		return nil, errors.New("no header")
	}
	s := &sealer{pw: pw, done: done}
	return s, nil
}
