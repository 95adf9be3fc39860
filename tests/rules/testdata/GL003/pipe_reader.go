package pipereader

import (
	"compress/gzip"
	"io"
)

type Uploader interface {
	Upload(name string, body io.Reader) error
}

// Archive streams compressed parts into an upload; a failed part returns without
// closing the pipe's writer, and Upload keeps reading.
func Archive(up Uploader, name string, parts [][]byte, check func([]byte) error) error {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- up.Upload(name, pr) // want "goroutine blocks forever reading `pr` when `Archive` returns at line 23 without closing `pw`"
	}()
	gz := gzip.NewWriter(pw)
	for _, p := range parts {
		if err := check(p); err != nil {
			return err
		}
		if _, err := gz.Write(p); err != nil {
			pw.CloseWithError(err)
			<-done
			return err
		}
	}
	if err := gz.Close(); err != nil {
		pw.CloseWithError(err)
		<-done
		return err
	}
	pw.Close()
	return <-done
}
