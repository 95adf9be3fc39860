// Package tail follows a log file the way a log-shipping agent does: it
// emits each complete line as it is appended and keeps following the path
// when the file is rotated (renamed away and replaced by a fresh file).
package tail

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// Line is one complete line read from the followed file.
type Line struct {
	Path   string
	Text   string
	Offset int64
}

// Option configures a Tailer.
type Option func(*Tailer)

// WithPollInterval sets how often the path is checked for growth and for
// rotation.
func WithPollInterval(d time.Duration) Option {
	return func(t *Tailer) { t.poll = d }
}

// WithBuffer sets how many lines may be queued before readers wait for the
// consumer.
func WithBuffer(n int) Option {
	return func(t *Tailer) { t.buffer = n }
}

// Tailer follows one path across rotations.
type Tailer struct {
	path   string
	poll   time.Duration
	buffer int

	lines chan Line
	done  chan struct{}
	once  sync.Once

	mu        sync.Mutex
	current   os.FileInfo
	size      int64
	reader    *follower
	rotations int
}

// Follow opens path and starts following it from its beginning.
func Follow(path string, opts ...Option) (*Tailer, error) {
	t := &Tailer{path: path, poll: 250 * time.Millisecond, buffer: 64}
	for _, o := range opts {
		o(t)
	}
	f, fi, err := open(path)
	if err != nil {
		return nil, fmt.Errorf("tail: %w", err)
	}
	t.lines = make(chan Line, t.buffer)
	t.done = make(chan struct{})
	t.current, t.size = fi, fi.Size()
	t.reader = startFollower(f, t.lines)
	go t.watch()
	return t, nil
}

// Lines returns the stream of lines read so far.
func (t *Tailer) Lines() <-chan Line { return t.lines }

// Rotations reports how many times the followed file was replaced.
func (t *Tailer) Rotations() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.rotations
}

// Close stops following the file.
func (t *Tailer) Close() error {
	t.once.Do(func() {
		close(t.done)
		t.mu.Lock()
		t.reader.stop()
		t.mu.Unlock()
	})
	return nil
}

// watch wakes the reader when the file grows and switches to the new file
// when path starts naming a different one.
func (t *Tailer) watch() {
	ticker := time.NewTicker(t.poll)
	defer ticker.Stop()
	for {
		select {
		case <-t.done:
			return
		case <-ticker.C:
		}
		fi, err := os.Stat(t.path)
		if errors.Is(err, os.ErrNotExist) {
			continue // between rename and create
		}
		if err != nil {
			continue
		}
		t.mu.Lock()
		if os.SameFile(fi, t.current) {
			if fi.Size() != t.size {
				t.size = fi.Size()
				t.reader.poke()
			}
			t.mu.Unlock()
			continue
		}
		t.mu.Unlock()

		f, fi, err := open(t.path)
		if err != nil {
			continue
		}
		t.mu.Lock()
		t.current, t.size = fi, fi.Size()
		t.rotations++
		t.reader = startFollower(f, t.lines)
		t.mu.Unlock()
	}
}

func open(path string) (*os.File, os.FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", path, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("stat %s: %w", path, err)
	}
	return f, fi, nil
}
