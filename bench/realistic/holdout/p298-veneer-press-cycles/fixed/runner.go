package presscycle

import (
	"context"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// Option configures a Runner.
type Option func(*Runner)

// WithLogger sets the operational logger.
func WithLogger(l *log.Logger) Option { return func(r *Runner) { r.log = l } }

// WithSampleInterval sets how often hydraulic pressure is sampled during the hold.
func WithSampleInterval(d time.Duration) Option { return func(r *Runner) { r.sample = d } }

// WithPressureTolerance sets how far (in kPa) pressure may sag below the
// set point before the cycle is aborted.
func WithPressureTolerance(kPa float64) Option { return func(r *Runner) { r.tolerance = kPa } }

// WithVentTimeout bounds how long opening the press may take after a fault.
func WithVentTimeout(d time.Duration) Option { return func(r *Runner) { r.ventTimeout = d } }

// Runner executes press cycles on one press.
type Runner struct {
	press       Press
	rec         Recorder
	openings    int
	log         *log.Logger
	sample      time.Duration
	tolerance   float64
	ventTimeout time.Duration

	mu      sync.Mutex
	running bool
}

// NewRunner returns a Runner for a press with the given number of openings.
func NewRunner(p Press, rec Recorder, openings int, opts ...Option) *Runner {
	r := &Runner{
		press:       p,
		rec:         rec,
		openings:    openings,
		log:         log.New(io.Discard, "", 0),
		sample:      250 * time.Millisecond,
		tolerance:   50,
		ventTimeout: 10 * time.Second,
	}
	for _, o := range opts {
		o(r)
	}
	return r
}

// Run presses one job. On any fault the whole press is opened before the
// error is returned.
func (r *Runner) Run(ctx context.Context, job Job) (Report, error) {
	if err := job.Validate(r.openings); err != nil {
		return Report{}, err
	}
	r.mu.Lock()
	if r.running {
		r.mu.Unlock()
		return Report{}, fmt.Errorf("presscycle: job %s: press busy", job.ID)
	}
	r.running = true
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.running = false
		r.mu.Unlock()
	}()

	start := time.Now()
	r.record(ctx, Event{Job: job.ID, Kind: "cycle-start", Detail: job.Glue.Name})
	results, err := r.pressAll(ctx, job)
	r.ventAll(job)
	if err != nil {
		r.log.Printf("job %s aborted after %s: %v", job.ID, time.Since(start).Round(time.Millisecond), err)
		r.record(ctx, Event{Job: job.ID, Kind: "cycle-aborted", Detail: err.Error()})
		return Report{}, fmt.Errorf("job %s: %w", job.ID, err)
	}
	rep := Report{Job: job.ID, Started: start, Duration: time.Since(start), Openings: results}
	r.record(ctx, Event{Job: job.ID, Kind: "cycle-complete", Detail: rep.Duration.String()})
	return rep, nil
}

func (r *Runner) pressAll(ctx context.Context, job Job) ([]OpeningResult, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	errc := make(chan error, len(job.Layups))
	results := make(chan OpeningResult, len(job.Layups))
	var wg sync.WaitGroup
	for _, l := range job.Layups {
		wg.Add(1)
		go r.pressOpening(ctx, job, l, &wg, errc, results)
	}

	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()

	select {
	case <-done:
	case err := <-errc:
		return nil, err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case err := <-errc:
		return nil, err
	default:
	}
	close(results)
	out := make([]OpeningResult, 0, len(job.Layups))
	for res := range results {
		out = append(out, res)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Opening < out[j].Opening })
	return out, nil
}

// ventAll opens every loaded opening. It uses its own deadline so that a
// cancelled cycle still releases the press.
func (r *Runner) ventAll(job Job) {
	ctx, cancel := context.WithTimeout(context.Background(), r.ventTimeout)
	defer cancel()
	for _, l := range job.Layups {
		if err := r.press.Open(ctx, l.Opening); err != nil {
			r.log.Printf("job %s: opening %d failed to open: %v", job.ID, l.Opening, err)
		}
	}
}

func (r *Runner) record(ctx context.Context, ev Event) {
	if ev.At.IsZero() {
		ev.At = time.Now()
	}
	if err := r.rec.Record(ctx, ev); err != nil {
		r.log.Printf("job %s: quality log: %v", ev.Job, err)
	}
}
