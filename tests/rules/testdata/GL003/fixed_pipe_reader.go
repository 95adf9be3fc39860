package fixedpipereader

import (
	"compress/gzip"
	"io"
)

type Uploader interface {
	Upload(name string, body io.Reader) error
}

// Archive closes the pipe's writer with the error on every early way out.
func Archive(up Uploader, name string, parts [][]byte, check func([]byte) error) error {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- up.Upload(name, pr)
	}()
	gz := gzip.NewWriter(pw)
	for _, p := range parts {
		if err := check(p); err != nil {
			pw.CloseWithError(err)
			<-done
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
