package logcollect

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// ErrBadFrame is returned for a log stream that is not in the runtime's
// multiplexed framing.
var ErrBadFrame = errors.New("logcollect: malformed log frame")

// maxFrameSize bounds the payload of a single frame.
const maxFrameSize = 1 << 20

// follow streams one container's log until the stream ends or ctx is done.
func (c *Collector) follow(ctx context.Context, containerID string) {
	defer c.wg.Done()
	defer func() {
		c.mu.Lock()
		if cancel, ok := c.followers[containerID]; ok {
			cancel()
			delete(c.followers, containerID)
		}
		c.mu.Unlock()
	}()
	if err := c.stream(ctx, containerID); err != nil && ctx.Err() == nil {
		c.reportError(containerID, err)
	}
}

func (c *Collector) stream(ctx context.Context, containerID string) error {
	rc, err := c.cfg.Runtime.Logs(ctx, containerID, LogOptions{Follow: true})
	if err != nil {
		return fmt.Errorf("logcollect: open logs of %s: %w", containerID, err)
	}
	defer rc.Close()

	// Strip the stream framing on a separate goroutine so that lines can be
	// read with a plain bufio.Scanner.
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(demux(pw, rc))
	}()

	initial := 4096
	if initial > c.cfg.MaxLineBytes {
		initial = c.cfg.MaxLineBytes
	}
	sc := bufio.NewScanner(pr)
	sc.Buffer(make([]byte, 0, initial), c.cfg.MaxLineBytes)
	for sc.Scan() {
		select {
		case c.entries <- Entry{Container: containerID, Line: sc.Text()}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("logcollect: read logs of %s: %w", containerID, err)
	}
	return nil
}

// demux copies the payloads of a multiplexed log stream to dst. Each frame
// is an 8-byte header, [stream, 0, 0, 0, size (big-endian uint32)], followed
// by size bytes of output from stdin (0), stdout (1) or stderr (2). stdout
// and stderr are interleaved in the order the runtime recorded them.
func demux(dst io.Writer, src io.Reader) error {
	var hdr [8]byte
	buf := make([]byte, 32<<10)
	for {
		if _, err := io.ReadFull(src, hdr[:]); err != nil {
			if err == io.EOF {
				return nil
			}
			return fmt.Errorf("read frame header: %w", err)
		}
		if hdr[0] > 2 {
			return fmt.Errorf("%w: unknown stream %d", ErrBadFrame, hdr[0])
		}
		size := int(binary.BigEndian.Uint32(hdr[4:]))
		if size > maxFrameSize {
			return fmt.Errorf("%w: frame of %d bytes", ErrBadFrame, size)
		}
		if size > len(buf) {
			buf = make([]byte, size)
		}
		if _, err := io.ReadFull(src, buf[:size]); err != nil {
			return fmt.Errorf("read frame payload: %w", err)
		}
		if _, err := dst.Write(buf[:size]); err != nil { // leak: nobody reads or closes the pipe once the scanner gives up
			return err
		}
	}
}
