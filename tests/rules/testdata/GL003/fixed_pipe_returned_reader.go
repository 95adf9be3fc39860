package fixedpipereturnedreader

import (
	"errors"
	"io"
	"log"
)

type brokenSink struct{}

func (brokenSink) Write([]byte) (int, error) { return 0, errors.New("sink gone") }

// rows streams the records as CSV: the caller reads the body to the end or closes it.
func rows(records [][]string) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(writeRows(pw, records))
	}()
	return pr
}

func writeRows(w io.Writer, records [][]string) error {
	for _, r := range records {
		if _, err := io.WriteString(w, r[0]+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// Export copies the records to dst, logging a failed copy.
func Export(dst io.Writer, records [][]string) error {
	body := rows(records)
	defer body.Close()
	if _, err := io.Copy(dst, body); err != nil {
		log.Printf("export: %v", err)
	}
	return nil
}
