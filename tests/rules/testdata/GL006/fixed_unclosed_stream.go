package unclosedstream

import (
	"context"
	"errors"
	"strings"
)

// processContext lives as long as the process: nothing ever cancels it.
var processContext = context.Background()

// Stream hands out the results of a goroutine, one per Next.
type Stream struct {
	ch     chan string
	cur    string
	cancel context.CancelFunc
}

// Lines starts turning each line into upper case in the background.
func Lines(ctx context.Context, lines []string) *Stream {
	ctx, cancel := context.WithCancel(ctx)
	s := &Stream{ch: make(chan string), cancel: cancel}
	go func() {
		defer close(s.ch)
		for _, l := range lines {
			select {
			case s.ch <- strings.ToUpper(l):
			case <-ctx.Done():
				return
			}
		}
	}()
	return s
}

// Next advances to the next line and reports whether there is one.
func (s *Stream) Next() bool {
	v, ok := <-s.ch
	s.cur = v
	return ok
}

// Line is the line Next advanced to.
func (s *Stream) Line() string { return s.cur }

// Close stops the goroutine.
func (s *Stream) Close() { s.cancel() }

// Upper collects the lines, stopping at the first empty one; the stream is closed
// on every way out.
func Upper(ctx context.Context, lines []string) ([]string, error) {
	s := Lines(ctx, lines)
	defer s.Close()
	var out []string
	for s.Next() {
		if s.Line() == "" {
			return nil, errors.New("empty line")
		}
		out = append(out, s.Line())
	}
	return out, nil
}
