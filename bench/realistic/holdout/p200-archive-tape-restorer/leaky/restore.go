package tapes

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

var errStreamClosed = errors.New("tapes: stream closed")

// Option configures a Restorer.
type Option func(*Restorer)

// WithReadAhead sets how many blocks may be buffered ahead of the writer.
func WithReadAhead(blocks int) Option {
	return func(r *Restorer) {
		if blocks > 0 {
			r.readAhead = blocks
		}
	}
}

// WithLogger sets the logger for mount and restore diagnostics.
func WithLogger(l *log.Logger) Option {
	return func(r *Restorer) { r.log = l }
}

// Restorer brings archived files back from tape.
type Restorer struct {
	cat       Catalog
	lib       Library
	sink      Sink
	readAhead int
	log       *log.Logger
}

// New returns a Restorer.
func New(cat Catalog, lib Library, sink Sink, opts ...Option) *Restorer {
	r := &Restorer{cat: cat, lib: lib, sink: sink, readAhead: 32, log: log.New(io.Discard, "", 0)}
	for _, o := range opts {
		o(r)
	}
	return r
}

// Result describes a completed restore.
type Result struct {
	Path    string
	Dest    string
	Volser  string
	Drive   string
	Blocks  int
	Bytes   int64
	Elapsed time.Duration
}

// Restore copies the archived file at path to dest on the sink, verifying
// block count and checksum against the catalog. A failed restore leaves
// no file at dest.
func (r *Restorer) Restore(ctx context.Context, path, dest string) (Result, error) {
	start := time.Now()
	loc, err := r.cat.Locate(ctx, path)
	if err != nil {
		return Result{}, fmt.Errorf("restore %s: %w", path, err)
	}
	w, err := r.sink.Create(dest)
	if err != nil {
		return Result{}, fmt.Errorf("restore %s: %w", path, err)
	}
	fail := func(err error) (Result, error) {
		w.Close()
		if rmErr := r.sink.Remove(dest); rmErr != nil {
			r.log.Printf("tapes: removing partial %s: %v", dest, rmErr)
		}
		return Result{}, fmt.Errorf("restore %s from %s: %w", path, loc.Volser, err)
	}

	drive, err := r.lib.Mount(ctx, loc.Volser)
	if err != nil {
		return fail(err)
	}
	r.log.Printf("tapes: %s mounted in %s", loc.Volser, drive.Name())
	if err := drive.Seek(ctx, loc.FileSeq); err != nil {
		r.unmount(drive)
		return fail(fmt.Errorf("seek to file %d: %w", loc.FileSeq, err))
	}

	st := openTapeStream(ctx, drive, r.readAhead, func() { r.unmount(drive) })
	defer st.Close()

	res := Result{Path: path, Dest: dest, Volser: loc.Volser, Drive: drive.Name()}
	h := sha256.New()
	for {
		blk, err := st.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fail(err)
		}
		if _, err := w.Write(blk); err != nil {
			return fail(fmt.Errorf("write block %d: %w", res.Blocks, err))
		}
		h.Write(blk)
		res.Blocks++
		res.Bytes += int64(len(blk))
	}
	if res.Blocks != loc.Blocks || res.Bytes != loc.Size {
		return fail(fmt.Errorf("read %d blocks/%d bytes, catalog has %d/%d", res.Blocks, res.Bytes, loc.Blocks, loc.Size))
	}
	if sum := hex.EncodeToString(h.Sum(nil)); sum != loc.SHA256 {
		return fail(fmt.Errorf("checksum %s does not match catalog %s", sum, loc.SHA256))
	}
	if err := w.Close(); err != nil {
		return fail(err)
	}
	res.Elapsed = time.Since(start)
	r.log.Printf("tapes: restored %s (%d bytes) in %s", path, res.Bytes, res.Elapsed)
	return res, nil
}

func (r *Restorer) unmount(d Drive) {
	if err := r.lib.Unmount(d); err != nil {
		r.log.Printf("tapes: unmount %s: %v", d.Name(), err)
	}
}

// tapeStream reads one tape file ahead of its consumer.
type tapeStream struct {
	ring *blockRing
}

// openTapeStream starts reading from d, which must already be positioned.
// release is called once the reader is done with the drive.
func openTapeStream(ctx context.Context, d Drive, depth int, release func()) *tapeStream {
	s := &tapeStream{ring: newBlockRing(depth)}
	go s.readAhead(ctx, d, release)
	return s
}

func (s *tapeStream) readAhead(ctx context.Context, d Drive, release func()) {
	defer release()
	for {
		if err := ctx.Err(); err != nil {
			s.ring.CloseWrite(err)
			return
		}
		blk, err := d.ReadBlock(ctx)
		if err == io.EOF {
			s.ring.CloseWrite(nil)
			return
		}
		if err != nil {
			s.ring.CloseWrite(fmt.Errorf("read %s: %w", d.Name(), err))
			return
		}
		if err := s.ring.Put(blk); err != nil {
			return
		}
	}
}

// Next returns the next block of the file, or io.EOF at its end.
func (s *tapeStream) Next() ([]byte, error) { return s.ring.Get() }

// Close stops the stream.
func (s *tapeStream) Close() { s.ring.Abort(errStreamClosed) }
