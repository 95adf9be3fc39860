package connpool

import (
	"context"
	"errors"
	"io"
	"net"
)

// isBroken reports whether err means the connection can no longer be used.
func isBroken(err error) bool {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && !ne.Timeout()
}

// Exec runs one command on a pooled connection.
func (p *Pool) Exec(ctx context.Context, cmd string, args ...string) (string, error) {
	c, err := p.get(ctx)
	if err != nil {
		return "", err
	}
	out, err := c.Exec(ctx, cmd, args...)
	if err != nil && isBroken(err) {
		p.discard(c)
		return "", err
	}
	p.put(c)
	return out, err
}

// Pipeline runs several commands on the same connection, stopping at the
// first error.
func (p *Pool) Pipeline(ctx context.Context, cmds [][]string) ([]string, error) {
	c, err := p.get(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(cmds))
	for _, cmd := range cmds {
		if len(cmd) == 0 {
			continue
		}
		r, err := c.Exec(ctx, cmd[0], cmd[1:]...)
		if err != nil {
			if isBroken(err) {
				p.discard(c)
			} else {
				p.put(c)
			}
			return out, err
		}
		out = append(out, r)
	}
	p.put(c)
	return out, nil
}
