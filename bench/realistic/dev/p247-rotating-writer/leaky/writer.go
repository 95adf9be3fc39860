package rotate

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// segmentTimeFormat names rotated segments; it sorts lexically by time.
const segmentTimeFormat = "20060102T150405.000"

// Writer is a size- and age-rotated log file. It is safe for concurrent use.
type Writer struct {
	path string
	opts Options

	mu       sync.Mutex
	f        *os.File
	size     int64
	openedAt time.Time
	closed   bool

	queue chan string
	wg    sync.WaitGroup
}

// New opens (or creates) the log file at path and starts the background
// compressor.
func New(path string, opts Options) (*Writer, error) {
	if err := opts.setDefaults(path); err != nil {
		return nil, err
	}
	w := &Writer{
		path:  path,
		opts:  opts,
		queue: make(chan string, opts.QueueSize),
	}
	if err := w.openLocked(); err != nil {
		return nil, err
	}
	w.wg.Add(1)
	go w.compressLoop()
	return w, nil
}

// Write writes p to the active file, rotating first if p would push the file
// past MaxSize or the file is older than MaxAge. A single write is never
// split across files.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return 0, ErrClosed
	}
	if w.size > 0 && (w.size+int64(len(p)) > w.opts.MaxSize || w.expiredLocked()) {
		if err := w.rotateLocked(); err != nil {
			return 0, err
		}
	}
	n, err := w.f.Write(p)
	w.size += int64(n)
	if err != nil {
		return n, fmt.Errorf("rotate: write %s: %w", w.path, err)
	}
	return n, nil
}

// Rotate closes the active file, queues it for compression and opens a new
// one, regardless of size and age.
func (w *Writer) Rotate() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return ErrClosed
	}
	return w.rotateLocked()
}

// Close closes the active file and waits for queued segments to be
// compressed and archived. The active file itself is not rotated.
func (w *Writer) Close() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil
	}
	w.closed = true
	err := w.f.Close()
	close(w.queue)
	w.mu.Unlock()

	w.wg.Wait()
	if err != nil {
		return fmt.Errorf("rotate: close %s: %w", w.path, err)
	}
	return nil
}

func (w *Writer) expiredLocked() bool {
	return w.opts.MaxAge > 0 && w.opts.Clock.Now().Sub(w.openedAt) >= w.opts.MaxAge
}

func (w *Writer) openLocked() error {
	f, err := os.OpenFile(w.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("rotate: open %s: %w", w.path, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("rotate: stat %s: %w", w.path, err)
	}
	w.f, w.size, w.openedAt = f, st.Size(), w.opts.Clock.Now()
	return nil
}

func (w *Writer) rotateLocked() error {
	if err := w.f.Close(); err != nil {
		return fmt.Errorf("rotate: close %s: %w", w.path, err)
	}
	ext := filepath.Ext(w.path)
	base := w.path[:len(w.path)-len(ext)]
	seg := fmt.Sprintf("%s-%s%s", base, w.opts.Clock.Now().UTC().Format(segmentTimeFormat), ext)
	if err := os.Rename(w.path, seg); err != nil {
		return fmt.Errorf("rotate: rename %s: %w", w.path, err)
	}
	if err := w.openLocked(); err != nil {
		return err
	}
	select {
	case w.queue <- seg:
	default:
		w.opts.OnError(fmt.Errorf("rotate: compression queue full, leaving %s uncompressed", seg))
	}
	return nil
}
