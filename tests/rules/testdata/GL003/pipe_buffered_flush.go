package pipebufferedflush

import (
	"encoding/csv"
	"errors"
	"io"
)

// run: _ = Export(nil, [][]string{{"id", "name"}, {"1", "ada"}})

// Sink stores an export read from body.
type Sink interface {
	Store(body io.Reader) error
}

var errNoSink = errors.New("no sink configured")

// Export writes rows as CSV into the sink. The rows land in the CSV writer's buffer;
// the pipe is first written at Flush, where the encoding goroutine waits once Export
// has given up without reading or closing the pipe.
func Export(sink Sink, rows [][]string) error {
	pr, pw := io.Pipe()
	go func() {
		cw := csv.NewWriter(pw)
		for _, r := range rows {
			_ = cw.Write(r)
		}
		cw.Flush() // want "goroutine blocks forever writing `pw` when `Export` returns at line \d+ without reading or closing `pr`"
		pw.CloseWithError(cw.Error())
	}()
	if sink == nil {
		return errNoSink
	}
	return sink.Store(pr)
}
