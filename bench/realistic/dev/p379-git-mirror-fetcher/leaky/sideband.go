package mirror

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ErrRemote wraps an error message sent by the server on side-band 3.
var ErrRemote = errors.New("mirror: remote error")

const (
	bandData     = 1
	bandProgress = 2
	bandError    = 3
	maxPktLen    = 65520
)

// readPktLine reads one pkt-line from r. It returns a nil payload for a
// flush-pkt ("0000").
func readPktLine(r *bufio.Reader) ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n, err := strconv.ParseUint(string(hdr[:]), 16, 16)
	if err != nil {
		return nil, fmt.Errorf("bad pkt-line length %q: %w", hdr[:], err)
	}
	switch {
	case n == 0:
		return nil, nil
	case n < 4 || n > maxPktLen:
		return nil, fmt.Errorf("pkt-line length %d out of range", n)
	}
	buf := make([]byte, n-4)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, fmt.Errorf("short pkt-line: %w", err)
	}
	return buf, nil
}

// demuxSideband copies the band-1 payload of the side-band stream r to w
// and hands band-2 progress lines to progress. It stops at the flush-pkt
// and reports a band-3 message as an ErrRemote.
func demuxSideband(r io.Reader, w io.Writer, progress func(string)) error {
	br := bufio.NewReader(r)
	for {
		pkt, err := readPktLine(br)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return io.ErrUnexpectedEOF
			}
			return err
		}
		if pkt == nil {
			return nil
		}
		if len(pkt) == 0 {
			continue
		}
		switch pkt[0] {
		case bandData:
			if _, err := w.Write(pkt[1:]); err != nil { // leak: store stopped reading and nothing closes pr
				return err
			}
		case bandProgress:
			progress(strings.TrimRight(string(pkt[1:]), "\r\n"))
		case bandError:
			return fmt.Errorf("%w: %s", ErrRemote, strings.TrimSpace(string(pkt[1:])))
		default:
			return fmt.Errorf("unknown side-band %d", pkt[0])
		}
	}
}
