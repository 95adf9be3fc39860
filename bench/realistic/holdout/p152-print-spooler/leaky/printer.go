package spool

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// ErrPaperOut is wrapped by Device writes that fail because the printer
// ran out of paper. The job is held until Resume is called.
var ErrPaperOut = errors.New("spool: printer out of paper")

// Device is a physical printer. Open starts a job on the device; the
// document is streamed to the returned writer and Close completes it.
type Device interface {
	Open(ctx context.Context, job JobInfo) (io.WriteCloser, error)
}

// printer owns a device and prints its queue one job at a time.
type printer struct {
	name string
	dev  Device
	sp   *Spooler

	queue  chan *job
	resume chan struct{}
	quit   chan struct{}
	done   chan struct{}
}

func (p *printer) run() {
	defer close(p.done)
	for {
		select {
		case <-p.quit:
			p.drain()
			return
		case j := <-p.queue:
			p.print(j)
		}
	}
}

// drain cancels every job still waiting in the queue.
func (p *printer) drain() {
	for {
		select {
		case j := <-p.queue:
			p.sp.transition(j, StateCanceled, ErrPrinterRemoved)
		default:
			return
		}
	}
}

// print streams j to the device, holding it while the device is out of
// paper and restarting it from the beginning once paper is loaded.
func (p *printer) print(j *job) {
	if err := j.ctx.Err(); err != nil {
		p.sp.transition(j, StateCanceled, err)
		return
	}
	for {
		p.sp.transition(j, StatePrinting, nil)
		err := p.stream(j)
		switch {
		case err == nil:
			p.sp.transition(j, StateDone, nil)
			return
		case j.ctx.Err() != nil:
			p.sp.transition(j, StateCanceled, j.ctx.Err())
			return
		case !errors.Is(err, ErrPaperOut):
			p.sp.transition(j, StateFailed, err)
			return
		}

		p.sp.transition(j, StatePaperOut, err)
		select { // leak: nothing wakes a held job once its printer is removed
		case <-p.resume:
		case <-j.ctx.Done():
			p.sp.transition(j, StateCanceled, j.ctx.Err())
			return
		}
	}
}

// stream copies the document of j to the device in chunks, checking for
// cancellation between chunks.
func (p *printer) stream(j *job) (err error) {
	doc, err := p.sp.cfg.Store.Open(j.ctx, j.docID)
	if err != nil {
		return fmt.Errorf("opening document %s: %w", j.docID, err)
	}
	defer doc.Close()

	w, err := p.dev.Open(j.ctx, j.info())
	if err != nil {
		return fmt.Errorf("printer %s: starting job %s: %w", p.name, j.id, err)
	}
	defer func() {
		if cerr := w.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("printer %s: finishing job %s: %w", p.name, j.id, cerr)
		}
	}()

	buf := make([]byte, p.sp.cfg.ChunkSize)
	for {
		if err := j.ctx.Err(); err != nil {
			return err
		}
		n, rerr := doc.Read(buf)
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil {
				return fmt.Errorf("printer %s: job %s: %w", p.name, j.id, werr)
			}
		}
		if rerr == io.EOF {
			return nil
		}
		if rerr != nil {
			return fmt.Errorf("reading document %s: %w", j.docID, rerr)
		}
	}
}
