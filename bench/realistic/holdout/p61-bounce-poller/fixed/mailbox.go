// Package bounce reads delivery status notifications out of a bounce mailbox
// and records hard-bouncing recipients so that future mailings skip them.
package bounce

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
)

// Mailbox is the subset of a POP3-style mailbox the processor needs.
type Mailbox interface {
	// List returns the ids of the messages currently in the mailbox.
	List(ctx context.Context) ([]string, error)
	// Retrieve returns the raw RETR response for one message: CRLF lines,
	// dot-stuffed, terminated by a line holding a single ".".
	Retrieve(ctx context.Context, id string) (io.ReadCloser, error)
	// Delete removes a message once it has been handled.
	Delete(ctx context.Context, id string) error
}

// openMessage streams message id as a plain RFC 5322 message. The caller must
// close the returned reader.
func openMessage(ctx context.Context, box Mailbox, id string) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		raw, err := box.Retrieve(ctx, id)
		if err != nil {
			pw.CloseWithError(fmt.Errorf("retrieve %s: %w", id, err))
			return
		}
		defer raw.Close()
		pw.CloseWithError(unstuff(pw, raw))
	}()
	return pr
}

// unstuff copies a dot-stuffed RETR response to w one line at a time, stopping
// at the terminating ".".
func unstuff(w io.Writer, r io.Reader) error {
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			line = bytes.TrimRight(line, "\r\n")
			if bytes.Equal(line, []byte(".")) {
				return nil
			}
			line = bytes.TrimPrefix(line, []byte("."))
			if _, werr := w.Write(append(line, '\r', '\n')); werr != nil {
				return werr
			}
		}
		if err == io.EOF {
			return fmt.Errorf("message not terminated: %w", io.ErrUnexpectedEOF)
		}
		if err != nil {
			return err
		}
	}
}
