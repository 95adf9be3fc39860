package efiling

import (
	"bytes"
	"fmt"
	"io"
)

// stampedBody returns a reader of the stamp followed by the document, written while
// the reader reads it.
func stampedBody(number string, doc []byte) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(writeTransmittal(pw, number, doc))
	}()
	return pr
}

func writeTransmittal(w io.Writer, number string, doc []byte) error {
	if _, err := fmt.Fprintf(w, "%%Received: %s\n\n", number); err != nil {
		return fmt.Errorf("write stamp for %s: %w", number, err)
	}
	if _, err := io.Copy(w, bytes.NewReader(doc)); err != nil {
		return fmt.Errorf("write document for %s: %w", number, err)
	}
	return nil
}
