package wakeupafterunlock

import (
	"bufio"
	"io"
	"sync"
)

// Near miss of a skipped wake-up: the path that stores the error without waking lets
// the lock go and wakes the waiters after the loop, outside the critical section.

type Tail struct {
	mu    sync.Mutex
	more  *sync.Cond
	lines []string
	err   error
}

func Follow(r io.Reader) *Tail {
	t := &Tail{}
	t.more = sync.NewCond(&t.mu)
	go t.read(bufio.NewReader(r))
	return t
}

func (t *Tail) read(r *bufio.Reader) {
	for {
		line, err := r.ReadString('\n')
		t.mu.Lock()
		t.err = err
		if line != "" {
			t.lines = append(t.lines, line)
			t.more.Broadcast()
		}
		t.mu.Unlock()
		if err != nil {
			break
		}
	}
	t.more.Broadcast()
}

// Next returns the next line, or the error that ended the input.
func (t *Tail) Next() (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for len(t.lines) == 0 && t.err == nil {
		t.more.Wait()
	}
	if len(t.lines) == 0 {
		return "", t.err
	}
	line := t.lines[0]
	t.lines = t.lines[1:]
	return line, nil
}
