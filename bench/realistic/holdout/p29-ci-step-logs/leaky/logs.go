package ci

import (
	"bufio"
	"io"
	"sync"
)

// Sink receives the output of running steps one line at a time.
type Sink interface {
	Line(step string, n int, text string)
}

// MemorySink keeps every line it is given. It is safe for concurrent use.
type MemorySink struct {
	mu    sync.Mutex
	lines map[string][]string
}

// Line implements Sink.
func (m *MemorySink) Line(step string, _ int, text string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.lines == nil {
		m.lines = make(map[string][]string)
	}
	m.lines[step] = append(m.lines[step], text)
}

// Lines returns a copy of what step has written so far.
func (m *MemorySink) Lines(step string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.lines[step]...)
}

type discard struct{}

func (discard) Line(string, int, string) {}

// maxLine is the longest line the streamer passes through in one piece.
const maxLine = 64 * 1024

// streamLines copies r to sink line by line until r is exhausted and reports
// how many lines it saw. Lines longer than maxLine end the stream early; the
// rest of r is drained so that the writer never stalls.
func streamLines(step string, r io.Reader, sink Sink) int {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	n := 0
	for sc.Scan() { // leak: the step was cancelled and runStep returned without closing the pipe writer, so Scan waits for input forever
		n++
		sink.Line(step, n, sc.Text())
	}
	if sc.Err() != nil {
		_, _ = io.Copy(io.Discard, r)
	}
	return n
}
