package buildfarm

import (
	"bufio"
	"context"
	"fmt"
	"io"
)

// maxLineBytes is the longest single log line accepted from an agent.
const maxLineBytes = 1 << 20

// pump forwards the agent's output into w, chunk by chunk, and closes w with
// the stream's terminal error (io.EOF on success).
func pump(stream LogStream, w *io.PipeWriter) {
	for {
		chunk, err := stream.Recv()
		if len(chunk) > 0 {
			if _, werr := w.Write(chunk); werr != nil {
				return
			}
		}
		if err != nil {
			w.CloseWithError(err)
			return
		}
	}
}

// copyLog splits r into lines and appends them to the sink. It returns the
// number of lines stored and the error that ended the stream, if any.
func (s *Scheduler) copyLog(ctx context.Context, jobID string, r io.Reader) (int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxLineBytes)

	var size int64
	n := 0
	for sc.Scan() {
		line := sc.Text()
		size += int64(len(line)) + 1
		if s.cfg.MaxLogBytes > 0 && size > s.cfg.MaxLogBytes {
			msg := fmt.Sprintf("*** log truncated: output exceeded %d bytes, aborting build ***", s.cfg.MaxLogBytes)
			if err := s.cfg.Sink.Append(ctx, jobID, n, msg); err != nil {
				return n, fmt.Errorf("store log of %s: %w", jobID, err)
			}
			return n + 1, fmt.Errorf("job %s: %w", jobID, ErrLogLimit)
		}
		if err := s.cfg.Sink.Append(ctx, jobID, n, line); err != nil {
			return n, fmt.Errorf("store log of %s: %w", jobID, err)
		}
		n++
	}
	return n, sc.Err()
}
