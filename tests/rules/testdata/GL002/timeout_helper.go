package timeouthelper

import (
	"bufio"
	"context"
	"io"
	"time"
)

// run: _, _ = handshake(bufio.NewReader(blocking{}), time.Millisecond)

type blocking struct{}

func (blocking) Read(p []byte) (int, error) {
	time.Sleep(50 * time.Millisecond)
	return 0, io.EOF
}

// waitFor returns the error received, or a timeout: nil only once it has received.
func waitFor(errc chan error, d time.Duration) error {
	select {
	case err := <-errc:
		return err
	case <-time.After(d):
		return context.DeadlineExceeded
	}
}

func handshake(r *bufio.Reader, d time.Duration) (string, error) {
	var line string
	errc := make(chan error)
	go func() {
		var err error
		line, err = r.ReadString('\n')
		errc <- err // want "goroutine blocks forever sending on `errc` when `handshake` returns at line 38 before receiving from `errc`"
	}()
	if err := waitFor(errc, d); err != nil {
		return "", err
	}
	if line == "" {
		return "", io.ErrUnexpectedEOF
	}
	return line, nil
}
