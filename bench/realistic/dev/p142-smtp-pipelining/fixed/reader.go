package smtpd

import (
	"bufio"
	"io"
	"strings"
)

// line is one CRLF-terminated line from the client, or the error that ended
// the stream.
type line struct {
	text string
	err  error
}

// startReader reads lines from r ahead of the session so that pipelined
// commands are already parsed when the session gets to them. The last value
// sent carries the error that ended the stream (io.EOF on a clean close).
// The reader gives up once done is closed.
func startReader(r io.Reader, done <-chan struct{}) <-chan line {
	out := make(chan line)
	go func() {
		br := bufio.NewReader(r)
		for {
			text, err := br.ReadString('\n')
			if err != nil {
				select {
				case out <- line{err: err}:
				case <-done:
				}
				return
			}
			select {
			case out <- line{text: strings.TrimRight(text, "\r\n")}:
			case <-done:
				return
			}
		}
	}()
	return out
}
