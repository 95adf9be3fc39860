package printfarm

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sort"
	"sync"
	"time"
)

// Option configures a Dispatcher.
type Option func(*Dispatcher)

// WithClock replaces the wall clock.
func WithClock(c Clock) Option { return func(d *Dispatcher) { d.clock = c } }

// WithProgressHandler sets the function that receives Progress events.
func WithProgressHandler(fn func(Progress)) Option { return func(d *Dispatcher) { d.onProgress = fn } }

// WithLogger replaces the default logger.
func WithLogger(l *log.Logger) Option { return func(d *Dispatcher) { d.log = l } }

// pollInterval is how often printers are polled for status.
const pollInterval = 10 * time.Second

// ErrClosed is returned after Close.
var ErrClosed = errors.New("printfarm: dispatcher closed")

type queuedJob struct {
	job   Job
	gcode Gcode
	seq   uint64
}

type slot struct {
	spec    PrinterSpec
	current *queuedJob // job running on the printer, nil when idle
}

// monitor is the polling goroutine of one registered printer.
type monitor struct {
	stop chan struct{}
	done chan struct{}
}

// Dispatcher assigns sliced jobs to printers and tracks their progress.
type Dispatcher struct {
	slicer     Slicer
	clock      Clock
	onProgress func(Progress)
	log        *log.Logger

	mu       sync.Mutex
	closed   bool
	seq      uint64
	queue    []*queuedJob
	printers map[string]*slot
	monitors map[string]*monitor
}

// New returns a Dispatcher that slices jobs with slicer.
func New(slicer Slicer, opts ...Option) *Dispatcher {
	d := &Dispatcher{
		slicer:     slicer,
		clock:      systemClock{},
		onProgress: func(Progress) {},
		log:        log.Default(),
		printers:   make(map[string]*slot),
		monitors:   make(map[string]*monitor),
	}
	for _, o := range opts {
		o(d)
	}
	return d
}

// Register adds a printer to the farm and starts polling it. Agents register
// again after reconnecting; the printer's current job is kept.
func (d *Dispatcher) Register(ctx context.Context, spec PrinterSpec) error {
	if err := spec.validate(); err != nil {
		return err
	}
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return ErrClosed
	}
	s := &slot{spec: spec}
	if old, ok := d.printers[spec.ID]; ok {
		s.current = old.current
	}
	d.printers[spec.ID] = s
	if old, ok := d.monitors[spec.ID]; ok {
		close(old.stop)
	}
	m := &monitor{stop: make(chan struct{}), done: make(chan struct{})}
	d.monitors[spec.ID] = m
	d.mu.Unlock()
	go d.watch(spec.ID, spec.Client, m)
	d.dispatch(ctx)
	return nil
}

// Unregister removes a printer; a job still running on it is reported failed.
func (d *Dispatcher) Unregister(id string) {
	d.mu.Lock()
	s, ok := d.printers[id]
	m := d.monitors[id]
	delete(d.printers, id)
	delete(d.monitors, id)
	d.mu.Unlock()
	if !ok {
		return
	}
	close(m.stop)
	<-m.done
	if s.current != nil {
		d.emit(s.current.job.ID, id, JobFailed, 0, "printer removed")
	}
}

// Submit slices the job and queues it for the next compatible printer.
func (d *Dispatcher) Submit(ctx context.Context, job Job) error {
	if err := job.validate(); err != nil {
		return err
	}
	g, err := d.slicer.Slice(ctx, job)
	if err != nil {
		return fmt.Errorf("printfarm: slice job %s: %w", job.ID, err)
	}
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return ErrClosed
	}
	d.seq++
	d.queue = append(d.queue, &queuedJob{job: job, gcode: g, seq: d.seq})
	sort.SliceStable(d.queue, func(i, k int) bool {
		if d.queue[i].job.Priority != d.queue[k].job.Priority {
			return d.queue[i].job.Priority > d.queue[k].job.Priority
		}
		return d.queue[i].seq < d.queue[k].seq
	})
	d.mu.Unlock()
	d.emit(job.ID, "", JobQueued, 0, "")
	d.dispatch(ctx)
	return nil
}

// dispatch starts queued jobs on idle, compatible printers.
func (d *Dispatcher) dispatch(ctx context.Context) {
	starts := make(map[*slot]*queuedJob)
	d.mu.Lock()
	for _, s := range d.printers {
		if s.current != nil {
			continue
		}
		for i, qj := range d.queue {
			if s.spec.accepts(qj.job) {
				s.current = qj
				d.queue = append(d.queue[:i], d.queue[i+1:]...)
				starts[s] = qj
				break
			}
		}
	}
	d.mu.Unlock()

	for s, qj := range starts {
		if err := s.spec.Client.Start(ctx, qj.gcode); err != nil {
			d.log.Printf("start job %s on %s: %v", qj.job.ID, s.spec.ID, err)
			d.mu.Lock()
			s.current = nil
			d.queue = append([]*queuedJob{qj}, d.queue...)
			d.mu.Unlock()
			continue
		}
		d.emit(qj.job.ID, s.spec.ID, JobPrinting, 0, "")
	}
}

// watch polls one printer until its monitor is stopped.
func (d *Dispatcher) watch(id string, client Printer, m *monitor) {
	defer close(m.done)
	ticks, stopTicker := d.clock.NewTicker(pollInterval)
	defer stopTicker()
	for {
		select {
		case <-m.stop:
			return
		case <-ticks:
		}
		ctx, cancel := context.WithTimeout(context.Background(), pollInterval)
		st, err := client.Status(ctx)
		cancel()
		if err != nil {
			d.log.Printf("poll %s: %v", id, err)
			continue
		}
		d.observe(context.Background(), id, st)
	}
}

// observe applies a status poll to the printer's current job.
func (d *Dispatcher) observe(ctx context.Context, id string, st Status) {
	d.mu.Lock()
	s, ok := d.printers[id]
	if !ok || s.current == nil || st.JobID != s.current.job.ID {
		d.mu.Unlock()
		return
	}
	jobID := s.current.job.ID
	finished := st.State == PrinterIdle && st.Progress >= 1
	failed := st.State == PrinterError
	if finished || failed {
		s.current = nil
	}
	d.mu.Unlock()
	switch {
	case finished:
		d.emit(jobID, id, JobDone, 1, "")
	case failed:
		d.emit(jobID, id, JobFailed, st.Progress, st.Message)
	default:
		d.emit(jobID, id, JobPrinting, st.Progress, st.Message)
		return
	}
	d.dispatch(ctx)
}

func (d *Dispatcher) emit(jobID, printerID string, state JobState, pct float64, detail string) {
	d.onProgress(Progress{JobID: jobID, PrinterID: printerID, State: state,
		Percent: pct, Detail: detail, At: d.clock.Now()})
}

// Close stops polling all printers and rejects further work.
func (d *Dispatcher) Close() {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return
	}
	d.closed = true
	monitors := d.monitors
	d.monitors = make(map[string]*monitor)
	d.mu.Unlock()
	for _, m := range monitors {
		close(m.stop)
		<-m.done
	}
}
