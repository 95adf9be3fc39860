package pipeupload

import (
	"encoding/json"
	"errors"
	"io"
)

// run: _ = Ship(refuser{}, []string{"a", "b", "c"})

// Store takes a body and reads it to the end, unless it refuses it first.
type Store interface {
	Put(name string, body io.Reader) error
}

// Ship streams records into the store through a pipe; when the store refuses the
// body without reading it, Ship returns and the encoder waits on its write forever.
func Ship(s Store, records []string) error {
	pr, pw := io.Pipe()
	go func() {
		enc := json.NewEncoder(pw)
		for _, r := range records {
			if err := enc.Encode(r); err != nil { // want "goroutine blocks forever writing `pw` when `Ship` returns at line 31 without reading or closing `pr`"
				pw.CloseWithError(err)
				return
			}
		}
		pw.Close()
	}()
	if err := s.Put("batch", pr); err != nil {
		return err
	}
	return nil
}

type refuser struct{}

func (refuser) Put(string, io.Reader) error { return errors.New("quota exceeded") }
