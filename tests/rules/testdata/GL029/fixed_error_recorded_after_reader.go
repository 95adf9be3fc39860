package fixederrorrecordedafterreader

import (
	"bufio"
	"io"
	"sync"
)

// RECORDED_ERROR: `Close` keeps the error of its own `Wait` once the reader is gone;
// the reader's last wake-up already told the waiters their wait was over.

// Session reads lines from a child process.
type Session struct {
	mu    sync.Mutex
	cond  *sync.Cond
	lines []string
	err   error
	wg    sync.WaitGroup
	out   io.ReadCloser
	wait  func() error
}

func Start(out io.ReadCloser, wait func() error) *Session {
	s := &Session{out: out, wait: wait}
	s.cond = sync.NewCond(&s.mu)
	s.wg.Add(1)
	go s.read()
	return s
}

func (s *Session) read() {
	defer s.wg.Done()
	r := bufio.NewReader(s.out)
	for {
		l, err := r.ReadString('\n')
		s.mu.Lock()
		if l != "" {
			s.lines = append(s.lines, l)
		}
		if err != nil {
			s.err = err
			s.mu.Unlock()
			s.cond.Broadcast()
			return
		}
		s.mu.Unlock()
		s.cond.Broadcast()
	}
}

// Next waits for a line, or for the output to end.
func (s *Session) Next() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.lines) == 0 && s.err == nil {
		s.cond.Wait()
	}
	if len(s.lines) == 0 {
		return "", s.err
	}
	l := s.lines[0]
	s.lines = s.lines[1:]
	return l, nil
}

// Close waits for the child to exit and keeps its error.
func (s *Session) Close() error {
	err := s.wait()
	s.out.Close()
	s.wg.Wait()
	if err != nil {
		s.mu.Lock()
		s.err = err
		s.mu.Unlock()
	}
	return err
}
