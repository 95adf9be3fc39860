package shipper

import (
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// slowLog hands out one line per Read, like a file being appended to.
type slowLog struct {
	lines []string
	delay time.Duration
}

func (l *slowLog) Read(p []byte) (int, error) {
	if len(l.lines) == 0 {
		return 0, io.EOF
	}
	time.Sleep(l.delay)
	n := copy(p, l.lines[0]+"\n")
	l.lines = l.lines[1:]
	return n, nil
}

func TestCloseWhileFollowing(t *testing.T) {
	defer goleak.VerifyNone(t)
	var mu sync.Mutex
	var shipped []string
	b := NewBatcher(func(batch []string) error {
		mu.Lock()
		defer mu.Unlock()
		shipped = append(shipped, batch...)
		return nil
	}, 2, time.Millisecond)

	Follow(&slowLog{lines: []string{"one", "two", "three", "four"}, delay: 3 * time.Millisecond}, b)
	time.Sleep(5 * time.Millisecond)
	b.Close() // the process shuts down while the log is still being written
}
