package fixedpipebufferedflush

import (
	"encoding/csv"
	"errors"
	"io"
)

// Sink stores an export read from body.
type Sink interface {
	Store(body io.Reader) error
}

var errNoSink = errors.New("no sink configured")

// Export writes rows as CSV into the sink. The rows land in the CSV writer's buffer;
// the pipe is first written at Flush, where the encoding goroutine waits once Export
// has given up, unless it closes the reader end on that way out.
func Export(sink Sink, rows [][]string) error {
	pr, pw := io.Pipe()
	go func() {
		cw := csv.NewWriter(pw)
		for _, r := range rows {
			_ = cw.Write(r)
		}
		cw.Flush()
		pw.CloseWithError(cw.Error())
	}()
	if sink == nil {
		pr.CloseWithError(errNoSink)
		return errNoSink
	}
	if err := sink.Store(pr); err != nil {
		pr.CloseWithError(err) // a sink that failed may have stopped reading
		return err
	}
	return nil
}
