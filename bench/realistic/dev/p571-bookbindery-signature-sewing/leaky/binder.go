// Package sewing runs the sewing frame of a hand bindery: folded
// signatures are checked for collation, pierced, and sewn onto tapes in
// page order, each one linked to the previous by kettle stitches.
package sewing

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"
)

// Inspector checks a signature before it goes to the frame: fold, page
// count and the collation mark printed on its spine fold.
type Inspector interface {
	Inspect(ctx context.Context, sig Signature) error
}

// Piercer punches the sewing holes through the fold using a cradle.
type Piercer interface {
	Pierce(ctx context.Context, sig Signature, holes []float64) error
}

// Needle sews one signature onto the tapes. linked is false for the first
// signature of a text block, which has no kettle stitch below it.
type Needle interface {
	Sew(ctx context.Context, sig Signature, holes []float64, linked bool) error
}

// Logger is the subset of *log.Logger the binder needs.
type Logger interface {
	Printf(format string, args ...interface{})
}

// Config describes the sewing setup.
type Config struct {
	Tapes       int     // number of linen tapes
	TapeWidth   float64 // mm
	KettleInset float64 // distance of the kettle stitch from head and tail, mm
}

// DefaultConfig is a three-tape setup for octavo text blocks.
func DefaultConfig() Config {
	return Config{Tapes: 3, TapeWidth: 12, KettleInset: 15}
}

// Option customises a Binder.
type Option func(*Binder)

// WithConfig replaces the default sewing setup.
func WithConfig(cfg Config) Option { return func(b *Binder) { b.cfg = cfg } }

// WithLogger sets the logger.
func WithLogger(l Logger) Option { return func(b *Binder) { b.log = l } }

// Binder prepares signatures in parallel and sews them on one frame.
type Binder struct {
	cfg       Config
	inspector Inspector
	piercer   Piercer
	needle    Needle
	log       Logger
}

// New builds a Binder.
func New(inspector Inspector, piercer Piercer, needle Needle, opts ...Option) (*Binder, error) {
	if inspector == nil || piercer == nil || needle == nil {
		return nil, errors.New("sewing: inspector, piercer and needle are required")
	}
	b := &Binder{
		cfg:       DefaultConfig(),
		inspector: inspector,
		piercer:   piercer,
		needle:    needle,
		log:       log.Default(),
	}
	for _, opt := range opts {
		opt(b)
	}
	if b.cfg.Tapes < 1 || b.cfg.TapeWidth <= 0 || b.cfg.KettleInset <= 0 {
		return nil, fmt.Errorf("sewing: invalid config %+v", b.cfg)
	}
	return b, nil
}

// Record summarises a sewn text block.
type Record struct {
	Title      string
	Signatures int
	Holes      []float64
	Took       time.Duration
}

// Sew prepares every signature of the book concurrently and sews them onto
// the frame in sequence. It returns at the first failure.
func (b *Binder) Sew(ctx context.Context, book Book) (Record, error) {
	if err := book.Validate(); err != nil {
		return Record{}, err
	}
	holes, err := stationHoles(book.SpineHeight, b.cfg)
	if err != nil {
		return Record{}, err
	}
	started := time.Now()
	f := newFrame()
	errs := make(chan error, len(book.Signatures))
	for _, sig := range book.Signatures {
		go func(sig Signature) {
			errs <- b.prepareAndSew(ctx, f, sig, holes)
		}(sig)
	}
	for range book.Signatures {
		if err := <-errs; err != nil {
			b.log.Printf("sewing: %q stopped after %d signatures: %v", book.Title, f.count(), err)
			return Record{}, err
		}
	}
	rec := Record{Title: book.Title, Signatures: f.count(), Holes: holes, Took: time.Since(started)}
	b.log.Printf("sewing: %q sewn, %d signatures on %d tapes", book.Title, rec.Signatures, b.cfg.Tapes)
	return rec, nil
}

func (b *Binder) prepareAndSew(ctx context.Context, f *frame, sig Signature, holes []float64) error {
	if err := b.inspector.Inspect(ctx, sig); err != nil {
		return fmt.Errorf("sewing: signature %d: %w", sig.Seq, err)
	}
	if err := b.piercer.Pierce(ctx, sig, holes); err != nil {
		err = fmt.Errorf("sewing: pierce signature %d: %w", sig.Seq, err)
		f.abort(err)
		return err
	}
	if err := f.waitTurn(sig.Seq); err != nil {
		return err
	}
	if err := b.needle.Sew(ctx, sig, holes, sig.Seq > 0); err != nil {
		err = fmt.Errorf("sewing: sew signature %d: %w", sig.Seq, err)
		f.abort(err)
		return err
	}
	f.advance(sig.Seq)
	return nil
}
