package logalert

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Decoder turns the raw bytes of a log file into plain newline separated
// messages. Implementations write decoded lines to dst as they go.
type Decoder interface {
	Decode(dst io.Writer, src io.Reader) error
}

// PlainDecoder passes files through unchanged.
type PlainDecoder struct{}

// Decode implements Decoder.
func (PlainDecoder) Decode(dst io.Writer, src io.Reader) error {
	_, err := io.Copy(dst, src)
	return err
}

// CRIDecoder decodes the container runtime interface log format written by
// containerd and CRI-O:
//
//	2024-01-02T15:04:05.000000000Z stdout F message text
//
// Partial records (tag "P") are joined with the records that follow them
// until a full record (tag "F") terminates the message.
type CRIDecoder struct{}

// ErrMalformedRecord is returned for lines that are not CRI records.
var ErrMalformedRecord = errors.New("malformed CRI record")

// Decode implements Decoder.
func (CRIDecoder) Decode(dst io.Writer, src io.Reader) error {
	br := bufio.NewReader(src)
	var msg []byte
	for {
		raw, err := br.ReadBytes('\n')
		if len(raw) > 0 {
			rec := bytes.TrimRight(raw, "\r\n")
			fields := bytes.SplitN(rec, []byte{' '}, 4)
			if len(fields) < 3 {
				return fmt.Errorf("%w: %q", ErrMalformedRecord, rec)
			}
			if len(fields) == 4 {
				msg = append(msg, fields[3]...)
			}
			if string(fields[2]) != "P" {
				msg = append(msg, '\n')
				if _, werr := dst.Write(msg); werr != nil {
					return werr
				}
				msg = msg[:0]
			}
		}
		if err == io.EOF {
			if len(msg) > 0 {
				_, werr := dst.Write(append(msg, '\n'))
				return werr
			}
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// countingReader counts the bytes consumed from the underlying file so the
// tailer knows where to resume.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
