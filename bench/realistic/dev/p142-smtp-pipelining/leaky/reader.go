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
func startReader(r io.Reader) <-chan line {
	out := make(chan line)
	go func() {
		br := bufio.NewReader(r)
		for {
			text, err := br.ReadString('\n')
			if err != nil {
				out <- line{err: err} // leak: after QUIT the session no longer receives, so the final EOF line is never taken
				return
			}
			out <- line{text: strings.TrimRight(text, "\r\n")}
		}
	}()
	return out
}
