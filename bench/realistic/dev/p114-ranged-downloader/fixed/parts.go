package rangedl

import (
	"context"
	"fmt"
	"io"
	"time"
)

type part struct {
	idx  int
	off  int64
	n    int64
	data []byte
	err  error
}

// plan splits [0, size) into parts of at most partSize bytes.
func plan(size, partSize int64) []part {
	var parts []part
	for off := int64(0); off < size; off += partSize {
		n := partSize
		if off+n > size {
			n = size - off
		}
		parts = append(parts, part{idx: len(parts), off: off, n: n})
	}
	return parts
}

// fetchAll fetches every part with at most cfg.concurrency requests in flight.
// Part i is delivered on the i-th channel.
func fetchAll(ctx context.Context, f Fetcher, parts []part, cfg *config) []chan part {
	results := make([]chan part, len(parts))
	for i := range results {
		results[i] = make(chan part, 1)
	}
	go func() {
		sem := make(chan struct{}, cfg.concurrency)
		for i := range parts {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			go func(p part, out chan<- part) {
				defer func() { <-sem }()
				p.data, p.err = fetchWithRetry(ctx, f, p, cfg)
				out <- p
			}(parts[i], results[i])
		}
	}()
	return results
}

func fetchWithRetry(ctx context.Context, f Fetcher, p part, cfg *config) ([]byte, error) {
	backoff := cfg.backoff
	var err error
	for attempt := 1; ; attempt++ {
		var data []byte
		data, err = f.FetchRange(ctx, p.off, p.n)
		if err == nil && int64(len(data)) != p.n {
			err = fmt.Errorf("got %d bytes, want %d: %w", len(data), p.n, io.ErrUnexpectedEOF)
		}
		if err == nil {
			return data, nil
		}
		if attempt == cfg.attempts || ctx.Err() != nil {
			return nil, err
		}
		t := time.NewTimer(backoff)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, err
		}
		backoff *= 2
	}
}

// assemble writes the parts to pw in order as they arrive.
func assemble(ctx context.Context, pw *io.PipeWriter, results []chan part) {
	for _, ch := range results {
		var p part
		select {
		case p = <-ch:
		case <-ctx.Done():
			pw.CloseWithError(ctx.Err())
			return
		}
		if p.err != nil {
			pw.CloseWithError(fmt.Errorf("rangedl: part %d (bytes %d-%d): %w", p.idx, p.off, p.off+p.n-1, p.err))
			return
		}
		if _, err := pw.Write(p.data); err != nil {
			return
		}
	}
	pw.Close()
}
