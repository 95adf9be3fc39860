package compress

import "io"

// The writer is any io.WriteCloser: its Close may fail, and the early return then
// leaves the goroutine blocked on its send.
func Flush(body []byte, w io.WriteCloser, check func() error) error {
	done := make(chan error)
	go func() { done <- check() }() // want "goroutine blocks forever sending on `done` when `Flush` returns at line 12 before receiving from `done`"
	_, _ = w.Write(body)
	if err := w.Close(); err != nil {
		return err
	}
	return <-done
}
