package connreader

import (
	"bufio"
	"context"
	"net"
)

// run: local, remote := net.Pipe(); s := Open(func() (net.Conn, error) { return local, nil }); s.Close(); _ = remote

// Feed reads lines from a connection it opened, until its context ends.
type Feed struct {
	conn   net.Conn
	lines  *bufio.Reader
	out    chan string
	cancel context.CancelFunc
}

func Open(dial func() (net.Conn, error)) *Feed {
	conn, err := dial()
	if err != nil {
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	f := &Feed{conn: conn, lines: bufio.NewReader(conn), out: make(chan string), cancel: cancel}
	go f.read(ctx)
	return f
}

func (f *Feed) read(ctx context.Context) {
	defer close(f.out)
	for {
		line, err := f.lines.ReadString('\n') // want "goroutine `read` blocks forever reading `f.conn` through `f.lines` once `Close` has run"
		if err != nil {
			return
		}
		select {
		case f.out <- line:
		case <-ctx.Done():
			return
		}
	}
}

func (f *Feed) Lines() <-chan string { return f.out }

// Close cancels the context, but the read in progress waits on the connection.
func (f *Feed) Close() error {
	f.cancel()
	return nil
}
