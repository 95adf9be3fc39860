package logalert

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// Source opens log files for reading starting at a byte offset.
type Source interface {
	Open(ctx context.Context, name string, offset int64) (io.ReadCloser, error)
}

// Checkpoints remembers how far each file has been read so that a restarted
// tailer does not raise the same alerts again.
type Checkpoints interface {
	Load(name string) (int64, error)
	Save(name string, offset int64) error
}

// MemoryCheckpoints is an in-process Checkpoints implementation.
type MemoryCheckpoints struct {
	mu      sync.Mutex
	offsets map[string]int64
}

// Load implements Checkpoints.
func (m *MemoryCheckpoints) Load(name string) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.offsets[name], nil
}

// Save implements Checkpoints.
func (m *MemoryCheckpoints) Save(name string, offset int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.offsets == nil {
		m.offsets = make(map[string]int64)
	}
	m.offsets[name] = offset
	return nil
}

// Option configures a Tailer.
type Option func(*Tailer)

// WithDecoder sets how files are decoded. The default is PlainDecoder.
func WithDecoder(d Decoder) Option { return func(t *Tailer) { t.decoder = d } }

// WithClock replaces the system clock.
func WithClock(c Clock) Option { return func(t *Tailer) { t.clock = c } }

// WithDedupWindow sets for how long repeated matches are folded together.
func WithDedupWindow(d time.Duration) Option { return func(t *Tailer) { t.window = d } }

// WithMaxLineBytes bounds the length of a single decoded line.
func WithMaxLineBytes(n int) Option { return func(t *Tailer) { t.maxLine = n } }

// WithCheckpoints sets where read offsets are kept.
func WithCheckpoints(c Checkpoints) Option { return func(t *Tailer) { t.checkpoints = c } }

// Tailer follows a set of log files and raises alerts for matching lines.
type Tailer struct {
	src         Source
	notifier    Notifier
	rules       []Rule
	decoder     Decoder
	clock       Clock
	window      time.Duration
	maxLine     int
	checkpoints Checkpoints
	dedup       *deduper
}

// New returns a Tailer reading from src and reporting to n.
func New(src Source, n Notifier, rules []Rule, opts ...Option) (*Tailer, error) {
	if src == nil || n == nil || len(rules) == 0 {
		return nil, errors.New("logalert: a source, a notifier and at least one rule are required")
	}
	for _, r := range rules {
		if r.Name == "" || r.Pattern == nil {
			return nil, fmt.Errorf("logalert: rule %q needs a name and a pattern", r.Name)
		}
	}
	t := &Tailer{
		src:      src,
		notifier: n,
		rules:    rules,
		decoder:  PlainDecoder{},
		clock:    systemClock{},
		window:   10 * time.Minute,
		maxLine:  64 * 1024,
	}
	for _, o := range opts {
		o(t)
	}
	if t.checkpoints == nil {
		t.checkpoints = &MemoryCheckpoints{}
	}
	t.dedup = newDeduper(t.window, t.clock)
	return t, nil
}

// Poll reads whatever was appended to each file since the last successful
// poll. It keeps going after a failing file and returns the first error.
// Callers typically invoke it from a ticker loop.
func (t *Tailer) Poll(ctx context.Context, files []string) error {
	var first error
	for _, name := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := t.scanFile(ctx, name); err != nil && first == nil {
			first = err
		}
	}
	t.dedup.prune()
	return first
}

func (t *Tailer) scanFile(ctx context.Context, name string) error {
	offset, err := t.checkpoints.Load(name)
	if err != nil {
		return fmt.Errorf("logalert: load checkpoint for %s: %w", name, err)
	}
	rc, err := t.src.Open(ctx, name, offset)
	if err != nil {
		return fmt.Errorf("logalert: open %s: %w", name, err)
	}
	defer rc.Close()

	raw := &countingReader{r: rc}
	pr, pw := io.Pipe()
	defer pr.Close()
	go func() {
		err := t.decoder.Decode(pw, raw)
		pw.CloseWithError(err)
	}()

	sc := bufio.NewScanner(pr)
	sc.Buffer(make([]byte, 0, 4096), t.maxLine)
	for sc.Scan() {
		if err := t.match(ctx, name, sc.Text()); err != nil {
			return fmt.Errorf("logalert: %s: %w", name, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("logalert: read %s: %w", name, err)
	}
	if err := t.checkpoints.Save(name, offset+raw.n); err != nil {
		return fmt.Errorf("logalert: save checkpoint for %s: %w", name, err)
	}
	return nil
}

// match runs every rule against line and notifies for the first one that
// matches.
func (t *Tailer) match(ctx context.Context, file, line string) error {
	for _, r := range t.rules {
		if !r.Pattern.MatchString(line) {
			continue
		}
		key := fingerprint(r.Name, file, line)
		count, first, now, ok := t.dedup.admit(key)
		if !ok {
			return nil
		}
		a := Alert{
			Rule:     r.Name,
			Severity: r.Severity,
			File:     file,
			Line:     line,
			Count:    count,
			First:    first,
			Last:     now,
		}
		if err := t.notifier.Notify(ctx, a); err != nil {
			t.dedup.reject(key, count, first)
			return fmt.Errorf("notify %s: %w", r.Name, err)
		}
		return nil
	}
	return nil
}
