package shipper

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Stream identifiers used in the header of a multiplexed log frame.
const (
	streamStdin  = 0
	streamStdout = 1
	streamStderr = 2
)

const frameHeaderLen = 8

// maxFrameLen bounds the payload size we accept from the runtime, so that a
// corrupted header cannot make us allocate gigabytes.
const maxFrameLen = 1 << 20

// ErrBadFrame is returned when a log stream does not follow the multiplexed
// frame format.
var ErrBadFrame = errors.New("shipper: malformed log frame")

// demux reads the multiplexed log stream produced by the container runtime
// from src and writes the payloads, stdout and stderr interleaved in arrival
// order, to w. Each frame is an 8 byte header (stream id, three zero bytes,
// big-endian payload length) followed by the payload.
//
// demux owns src and closes it when it returns. Errors are propagated to the
// reading side of the pipe.
func demux(w *io.PipeWriter, src io.ReadCloser) {
	defer src.Close()

	var hdr [frameHeaderLen]byte
	buf := make([]byte, 4096)
	for {
		if _, err := io.ReadFull(src, hdr[:]); err != nil {
			if errors.Is(err, io.EOF) {
				w.Close()
				return
			}
			w.CloseWithError(fmt.Errorf("read frame header: %w", err))
			return
		}
		switch hdr[0] {
		case streamStdin, streamStdout, streamStderr:
		default:
			w.CloseWithError(fmt.Errorf("%w: unknown stream %d", ErrBadFrame, hdr[0]))
			return
		}
		n := binary.BigEndian.Uint32(hdr[4:])
		if n > maxFrameLen {
			w.CloseWithError(fmt.Errorf("%w: frame of %d bytes", ErrBadFrame, n))
			return
		}
		if int(n) > cap(buf) {
			buf = make([]byte, n)
		}
		payload := buf[:n]
		if _, err := io.ReadFull(src, payload); err != nil {
			w.CloseWithError(fmt.Errorf("read frame payload: %w", err))
			return
		}
		if _, err := w.Write(payload); err != nil { // leak: the scanner gave up on an oversized line and nobody reads or closes the pipe
			return
		}
	}
}

// encodeFrame builds a multiplexed frame. It is the inverse of what demux
// reads and is used by tools that replay captured logs.
func encodeFrame(stream byte, payload []byte) []byte {
	frame := make([]byte, frameHeaderLen+len(payload))
	frame[0] = stream
	binary.BigEndian.PutUint32(frame[4:frameHeaderLen], uint32(len(payload)))
	copy(frame[frameHeaderLen:], payload)
	return frame
}
