package layerstore

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
)

// digester hashes everything written to it on a separate goroutine, so that
// hashing a large layer overlaps with writing it to disk.
type digester struct {
	pw     *io.PipeWriter
	result chan digestResult
}

type digestResult struct {
	sum string
	err error
}

func newDigester() *digester {
	pr, pw := io.Pipe()
	d := &digester{pw: pw, result: make(chan digestResult, 1)}
	go func() {
		h := sha256.New()
		_, err := io.Copy(h, pr) // leak: the too-large path in Put returns without closing the pipe, so this read never ends
		pr.CloseWithError(err)
		d.result <- digestResult{sum: "sha256:" + hex.EncodeToString(h.Sum(nil)), err: err}
	}()
	return d
}

// Write feeds p to the hash.
func (d *digester) Write(p []byte) (int, error) { return d.pw.Write(p) }

// Sum ends the input and returns the digest of everything written.
func (d *digester) Sum() (string, error) {
	d.pw.Close()
	r := <-d.result
	return r.sum, r.err
}

// Abort ends the input with err; the digest is discarded.
func (d *digester) Abort(err error) {
	d.pw.CloseWithError(err)
}
