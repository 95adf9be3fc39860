package convpool

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ConverterError reports a failure of the converter process itself, after
// which the process is discarded and relaunched.
type ConverterError struct {
	JobID string
	Err   error
}

func (e *ConverterError) Error() string {
	return fmt.Sprintf("convpool: converter failed on job %s: %v", e.JobID, e.Err)
}

func (e *ConverterError) Unwrap() error { return e.Err }

// requestHeader is the first line of every request sent to a converter.
type requestHeader struct {
	JobID string `json:"job_id"`
	From  Format `json:"from"`
	To    Format `json:"to"`
}

type feedResult struct {
	n   int64
	sum string
	err error
}

// worker runs jobs on its own converter process until the pool closes.
func (p *Pool) worker(id int) {
	defer p.wg.Done()
	var proc Process
	defer func() {
		if proc != nil {
			proc.Close()
		}
	}()
	for {
		t := p.next()
		if t == nil {
			return
		}
		if proc == nil {
			var err error
			if proc, err = p.cfg.Launcher.Launch(p.ctx); err != nil {
				proc = nil
				t.finish(Result{}, fmt.Errorf("convpool: worker %d: launch converter: %w", id, err))
				continue
			}
		}
		res, err := p.convert(t.ctx, proc, t.job)
		var ce *ConverterError
		if errors.As(err, &ce) {
			proc.Close()
			proc = nil
		}
		t.finish(res, err)
	}
}

// convert streams the source book through proc into the target object.
func (p *Pool) convert(ctx context.Context, proc Process, job Job) (Result, error) {
	ctx, cancel := context.WithTimeout(ctx, p.cfg.JobTimeout)
	defer cancel()

	src, err := p.cfg.Store.Open(ctx, job.Source)
	if err != nil {
		return Result{}, fmt.Errorf("convpool: job %s: open source: %w", job.ID, err)
	}
	defer src.Close()
	dst, err := p.cfg.Store.Create(ctx, job.Target)
	if err != nil {
		return Result{}, fmt.Errorf("convpool: job %s: create target: %w", job.ID, err)
	}

	pr, pw := io.Pipe()
	defer pr.Close()
	fed := make(chan feedResult, 1)
	go feed(pw, requestHeader{JobID: job.ID, From: job.From, To: job.To}, src, fed)

	out := &countingWriter{w: dst}
	if err := proc.Convert(ctx, pr, out); err != nil {
		dst.Abort()
		if ctx.Err() != nil {
			return Result{}, fmt.Errorf("convpool: job %s: %w", job.ID, ctx.Err())
		}
		return Result{}, &ConverterError{JobID: job.ID, Err: err}
	}
	in := <-fed
	if in.err != nil {
		dst.Abort()
		return Result{}, fmt.Errorf("convpool: job %s: read source: %w", job.ID, in.err)
	}
	if err := dst.Commit(); err != nil {
		return Result{}, fmt.Errorf("convpool: job %s: commit target: %w", job.ID, err)
	}
	return Result{
		JobID:       job.ID,
		InputBytes:  in.n,
		InputSHA256: in.sum,
		OutputBytes: out.n,
	}, nil
}

// feed writes the request header and the source book into pw, hashing the
// book on the way, and reports what it sent on done.
func feed(pw *io.PipeWriter, hdr requestHeader, src io.Reader, done chan<- feedResult) {
	h := sha256.New()
	var n int64
	err := json.NewEncoder(pw).Encode(hdr)
	if err == nil {
		n, err = io.Copy(pw, io.TeeReader(src, h))
	}
	pw.CloseWithError(err)
	done <- feedResult{n: n, sum: hex.EncodeToString(h.Sum(nil)), err: err}
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}
