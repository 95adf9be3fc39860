// Package bastion relays operator sessions to internal hosts and records
// everything the host sends back, so that audits can replay a session.
package bastion

import (
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// frame is one line of a recording: seconds since start and the bytes shown.
type frame struct {
	At   float64 `json:"t"`
	Data string  `json:"d"`
}

// Recorder turns a stream of terminal output into timestamped JSON frames.
// Writes to it are handed to an encoder goroutine through a pipe so that a
// slow sink shows up as back-pressure on the relay rather than as memory use.
type Recorder struct {
	pw    *io.PipeWriter
	done  chan error
	start time.Time
}

// NewRecorder starts encoding frames into sink.
func NewRecorder(sink io.Writer, header map[string]string) (*Recorder, error) {
	if err := json.NewEncoder(sink).Encode(header); err != nil {
		return nil, fmt.Errorf("recorder: write header: %w", err)
	}
	pr, pw := io.Pipe()
	r := &Recorder{pw: pw, done: make(chan error, 1), start: time.Now()}
	go r.encode(pr, sink)
	return r, nil
}

// Write records p as one frame.
func (r *Recorder) Write(p []byte) (int, error) { return r.pw.Write(p) }

// Close flushes the remaining output and returns the first encoding error.
func (r *Recorder) Close() error {
	r.pw.Close()
	return <-r.done
}

func (r *Recorder) encode(pr *io.PipeReader, sink io.Writer) {
	enc := json.NewEncoder(sink)
	buf := make([]byte, 4096)
	for {
		n, err := pr.Read(buf) // leak: Serve returns on a denied session before deferring Close, so the pipe is never closed
		if n > 0 {
			f := frame{At: time.Since(r.start).Seconds(), Data: string(buf[:n])}
			if werr := enc.Encode(f); werr != nil {
				pr.CloseWithError(werr)
				r.done <- fmt.Errorf("recorder: %w", werr)
				return
			}
		}
		if err == io.EOF {
			r.done <- nil
			return
		}
		if err != nil {
			r.done <- fmt.Errorf("recorder: %w", err)
			return
		}
	}
}
