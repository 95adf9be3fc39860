package wire

import (
	"encoding/binary"
	"io"
)

const maxFrame = 1 << 20

func (c *Conn) readLoop() {
	defer close(c.frames)
	var hdr [4]byte
	for {
		if _, err := io.ReadFull(c.r, hdr[:]); err != nil {
			if err != io.EOF {
				c.errc <- err
			}
			return
		}
		n := binary.BigEndian.Uint32(hdr[:])
		if n > maxFrame {
			c.errc <- io.ErrShortBuffer
			return
		}
		buf := make([]byte, n)
		if _, err := io.ReadFull(c.r, buf); err != nil {
			c.errc <- err
			return
		}
		c.frames <- Frame(buf) // leak: after Close the consumer stops reading and this send waits forever
	}
}
