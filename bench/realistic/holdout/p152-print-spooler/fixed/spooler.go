// Package spool implements a print spooler: jobs are queued per printer
// and streamed to the device one at a time. A printer that runs out of
// paper holds its current job until an operator resumes it.
package spool

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
)

var (
	// ErrUnknownPrinter is returned for a printer name that is not registered.
	ErrUnknownPrinter = errors.New("spool: unknown printer")
	// ErrUnknownJob is returned for a job ID the spooler does not know.
	ErrUnknownJob = errors.New("spool: unknown job")
	// ErrQueueFull is returned by Submit when the printer queue is full.
	ErrQueueFull = errors.New("spool: printer queue full")
	// ErrPrinterRemoved is the error of jobs dropped by RemovePrinter.
	ErrPrinterRemoved = errors.New("spool: printer removed")
	// ErrClosed is returned after Close.
	ErrClosed = errors.New("spool: spooler closed")
)

// DocumentStore holds the documents users submit for printing.
type DocumentStore interface {
	Stat(ctx context.Context, docID string) (size int64, err error)
	Open(ctx context.Context, docID string) (io.ReadCloser, error)
}

// Config configures a Spooler. Store is required.
type Config struct {
	Store DocumentStore
	// QueueLength is the number of jobs a printer can hold. Zero means 32.
	QueueLength int
	// ChunkSize is the unit in which documents are sent. Zero means 32 KiB.
	ChunkSize int
	// OnStateChange, if set, is called from the printer's goroutine after
	// every job state change. It must not block.
	OnStateChange func(JobInfo)
}

// Spooler manages printers and their job queues.
type Spooler struct {
	cfg Config

	mu       sync.Mutex
	printers map[string]*printer
	jobs     map[string]*job
	seq      uint64
	closed   bool
}

// New returns a Spooler with no printers.
func New(cfg Config) (*Spooler, error) {
	if cfg.Store == nil {
		return nil, errors.New("spool: Config.Store is required")
	}
	if cfg.QueueLength <= 0 {
		cfg.QueueLength = 32
	}
	if cfg.ChunkSize <= 0 {
		cfg.ChunkSize = 32 << 10
	}
	return &Spooler{cfg: cfg, printers: make(map[string]*printer), jobs: make(map[string]*job)}, nil
}

// AddPrinter registers dev under name and starts printing its queue.
func (s *Spooler) AddPrinter(name string, dev Device) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	if _, ok := s.printers[name]; ok {
		return fmt.Errorf("spool: printer %q already exists", name)
	}
	p := &printer{
		name: name, dev: dev, sp: s,
		queue:  make(chan *job, s.cfg.QueueLength),
		resume: make(chan struct{}, 1),
		quit:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	s.printers[name] = p
	go p.run()
	return nil
}

// RemovePrinter takes a printer out of service. Jobs waiting in its queue
// are cancelled and forgotten; a job that is already printing is allowed
// to complete.
func (s *Spooler) RemovePrinter(name string) error {
	s.mu.Lock()
	p, ok := s.printers[name]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("%w: %q", ErrUnknownPrinter, name)
	}
	delete(s.printers, name)
	for id, j := range s.jobs {
		if j.printer == name {
			delete(s.jobs, id)
		}
	}
	s.mu.Unlock()

	close(p.quit)
	return nil
}

// Submit queues document docID on the named printer and returns the job ID.
func (s *Spooler) Submit(ctx context.Context, printerName, docID string) (string, error) {
	size, err := s.cfg.Store.Stat(ctx, docID)
	if err != nil {
		return "", fmt.Errorf("spool: submit %s: %w", docID, err)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return "", ErrClosed
	}
	p, ok := s.printers[printerName]
	if !ok {
		return "", fmt.Errorf("%w: %q", ErrUnknownPrinter, printerName)
	}
	s.seq++
	j := newJob(fmt.Sprintf("%s-%d", printerName, s.seq), printerName, docID, size)
	select {
	case p.queue <- j:
	default:
		j.cancel()
		return "", fmt.Errorf("%w: %q", ErrQueueFull, printerName)
	}
	s.jobs[j.id] = j
	return j.id, nil
}

// Cancel aborts a queued, printing or held job.
func (s *Spooler) Cancel(id string) error {
	s.mu.Lock()
	j, ok := s.jobs[id]
	s.mu.Unlock()
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownJob, id)
	}
	j.cancel()
	return nil
}

// Resume tells a printer that paper was loaded, restarting its held job.
func (s *Spooler) Resume(name string) error {
	s.mu.Lock()
	p, ok := s.printers[name]
	s.mu.Unlock()
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownPrinter, name)
	}
	select {
	case p.resume <- struct{}{}:
	default:
	}
	return nil
}

// Close cancels all jobs, stops all printers and waits for them.
func (s *Spooler) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	for _, j := range s.jobs {
		j.cancel()
	}
	printers := make([]*printer, 0, len(s.printers))
	for _, p := range s.printers {
		printers = append(printers, p)
		close(p.quit)
	}
	s.printers = make(map[string]*printer)
	s.mu.Unlock()

	for _, p := range printers {
		<-p.done
	}
}

// transition moves j to state and notifies the OnStateChange callback.
func (s *Spooler) transition(j *job, state State, err error) {
	if j.setState(state, err) && s.cfg.OnStateChange != nil {
		s.cfg.OnStateChange(j.info())
	}
}
