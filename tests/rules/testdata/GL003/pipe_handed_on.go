package pipehanded

import (
	"compress/gzip"
	"io"
)

type Uploader interface {
	Upload(name string, body io.Reader) error
}

// The writer is handed to a function that may close it: the pipe is not judged.
func Archive(up Uploader, name string, parts [][]byte, check func([]byte) error) error {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- up.Upload(name, pr)
	}()
	register(pw)
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

var open []io.Closer

func register(c io.Closer) { open = append(open, c) }
