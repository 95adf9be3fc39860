package fixedtranscode

import (
	"bufio"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ErrNotZip is returned for a source without a zip signature.
var ErrNotZip = errors.New("transcode: not a zip archive")

type header struct{ Format string }

// feed sends a JSON header, then the whole source, hashing it on the way.
func feed(pw *io.PipeWriter, src io.Reader, sums chan<- []byte) {
	h := sha256.New()
	err := json.NewEncoder(pw).Encode(header{Format: "epub"})
	if err == nil {
		_, err = io.Copy(pw, io.TeeReader(src, h))
	}
	pw.CloseWithError(err)
	sums <- h.Sum(nil)
}

// convert checks the source's signature after the header and converts it.
func convert(in io.Reader) error {
	r := bufio.NewReader(in)
	if _, err := r.ReadBytes('\n'); err != nil {
		return err
	}
	magic := make([]byte, 4)
	if _, err := io.ReadFull(r, magic); err != nil || !strings.HasPrefix(string(magic), "PK\x03\x04") {
		return ErrNotZip
	}
	_, err := io.Copy(io.Discard, r)
	return err
}

// Convert feeds src through the converter.
func Convert(src io.Reader) error {
	pr, pw := io.Pipe()
	defer pr.Close()
	go feed(pw, src, make(chan []byte, 1))
	if err := convert(pr); err != nil {
		return fmt.Errorf("transcode: %w", err)
	}
	return nil
}
