package fp

import (
	"encoding/json"
	"io"
)

type frame12 struct{ Data []byte }

// errCh has room for the single error this goroutine can ever send.
func stream12(r io.ReadCloser, cancel <-chan struct{}) (<-chan *frame12, <-chan error) {
	errCh := make(chan error, 1)
	frames := make(chan *frame12, 10)
	go func() {
		defer r.Close()
		dec := json.NewDecoder(r)
		for {
			var f frame12
			if err := dec.Decode(&f); err != nil {
				errCh <- err // first and last send on errCh: never blocks
				close(frames)
				return
			}
			select {
			case frames <- &f:
			case <-cancel:
				return
			}
		}
	}()
	return frames, errCh
}
