package segmentlog

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
)

// compact rewrites all sealed segments into a single segment that keeps only
// the newest record of every key. Offsets are preserved, so readers simply
// see gaps. The active segment is never touched.
func (l *Log) compact(ctx context.Context) error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return ErrClosed
	}
	segs := append([]segment(nil), l.sealed...)
	l.gen++
	gen := l.gen
	l.mu.Unlock()
	if len(segs) == 0 {
		return nil
	}

	name := segmentName(segs[0].base, gen)
	out, err := l.fs.Create(name)
	if err != nil {
		return fmt.Errorf("segmentlog: compact: create %s: %w", name, err)
	}

	pr, pw := io.Pipe()
	defer pr.Close()
	go l.streamSegments(ctx, pw, segs)

	err = l.copyLive(out, pr)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		l.fs.Remove(name)
		return fmt.Errorf("segmentlog: compact %s: %w", name, err)
	}

	merged := segment{name: name, base: segs[0].base, next: segs[len(segs)-1].next}
	l.mu.Lock()
	// Rolls only ever append to l.sealed, so the compacted prefix is intact.
	l.sealed = append([]segment{merged}, l.sealed[len(segs):]...)
	l.mu.Unlock()

	// Open readers keep their handles; removal only unlinks the names.
	for _, s := range segs {
		if err := l.fs.Remove(s.name); err != nil {
			return fmt.Errorf("segmentlog: compact: remove %s: %w", s.name, err)
		}
	}
	return nil
}

// streamSegments writes the contents of segs, in order, into pw.
func (l *Log) streamSegments(ctx context.Context, pw *io.PipeWriter, segs []segment) {
	for _, s := range segs {
		if err := ctx.Err(); err != nil {
			pw.CloseWithError(err)
			return
		}
		rc, err := l.fs.Open(s.name)
		if err != nil {
			pw.CloseWithError(fmt.Errorf("open %s: %w", s.name, err))
			return
		}
		_, err = io.Copy(pw, rc)
		rc.Close()
		if err != nil {
			pw.CloseWithError(fmt.Errorf("read %s: %w", s.name, err))
			return
		}
	}
	pw.Close()
}

// copyLive copies the records read from r that are still the newest for
// their key to w.
func (l *Log) copyLive(w io.Writer, r io.Reader) error {
	br := bufio.NewReader(r)
	var buf []byte
	for {
		rec, err := readFrame(br)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		l.mu.Lock()
		live := l.latest[string(rec.Key)] == rec.Offset
		l.mu.Unlock()
		if !live {
			continue
		}
		buf = appendFrame(buf[:0], rec)
		if _, err := w.Write(buf); err != nil {
			return fmt.Errorf("write: %w", err)
		}
	}
}
