package armor

import (
	"encoding/base64"
	"errors"
	"io"
	"strings"
)

var errVersion = errors.New("unknown armor version")

// decodeTo copies the text inside the armor to w.
func decodeTo(w io.Writer, r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, strings.NewReader(strings.TrimSpace(string(b))))
	return err
}

// NewDecoder returns a reader of what the armor holds: the pipe's reader, wrapped and
// handed to the caller, who reads it.
func NewDecoder(r io.Reader) (io.Reader, error) {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(decodeTo(pw, r))
	}()
	var version [1]byte
	if _, err := pr.Read(version[:]); err != nil {
		pr.CloseWithError(err)
		return nil, err
	}
	if version[0] != '0' {
		pr.CloseWithError(errVersion)
		return nil, errVersion
	}
	return base64.NewDecoder(base64.StdEncoding, pr), nil
}
