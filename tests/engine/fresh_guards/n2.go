package n2

import "io"

type store interface {
	WriteTo(w io.Writer) error
	Begin() error
	End()
}

// Open streams the store through a pipe. `rc, pw := io.Pipe()` sets the named
// result rc (same block, no new variable), and the bare return hands it to the
// caller, whose Close makes the blocked Write fail.
func Open(s store) (rc io.ReadCloser, err error) {
	err = s.Begin()
	if err != nil {
		return
	}
	rc, pw := io.Pipe()
	go func() {
		defer s.End()
		pw.CloseWithError(s.WriteTo(pw))
	}()
	return
}
