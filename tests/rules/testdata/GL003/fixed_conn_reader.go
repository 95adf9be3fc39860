package fixedconnreader

import (
	"bufio"
	"context"
	"net"
	"time"
)

// Feed reads lines from a connection it opened; Close closes the connection,
// which ends the read in progress.
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
		line, err := f.lines.ReadString('\n')
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

func (f *Feed) Close() error {
	f.cancel()
	return f.conn.Close()
}

// Watched is closed by a watchdog on its context: the read ends with it.
type Watched struct {
	conn net.Conn
	buf  []byte
}

func Watch(ctx context.Context, addr string) (*Watched, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	go func() {
		<-ctx.Done()
		conn.Close()
	}()
	w := &Watched{conn: conn, buf: make([]byte, 512)}
	go w.read()
	return w, nil
}

func (w *Watched) read() {
	for {
		if _, err := w.conn.Read(w.buf); err != nil {
			return
		}
	}
}

func (w *Watched) Stop() {}

// Borrowed reads a connection its caller owns and closes.
type Borrowed struct {
	conn net.Conn
}

func Borrow(conn net.Conn) *Borrowed {
	b := &Borrowed{conn: conn}
	go b.read()
	return b
}

func (b *Borrowed) read() {
	buf := make([]byte, 64)
	for {
		if _, err := b.conn.Read(buf); err != nil {
			return
		}
	}
}

func (b *Borrowed) Close() {}

// Timed sets a read deadline in Stop: the read ends at once.
type Timed struct {
	conn net.Conn
}

func Dial(addr string) (*Timed, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	t := &Timed{conn: conn}
	go t.read()
	return t, nil
}

func (t *Timed) read() {
	buf := make([]byte, 64)
	for {
		if _, err := t.conn.Read(buf); err != nil {
			return
		}
	}
}

func (t *Timed) Stop() {
	_ = t.conn.SetReadDeadline(time.Now())
}
