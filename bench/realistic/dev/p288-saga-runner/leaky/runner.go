package saga

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Data is the key/value state shared by the steps of one saga execution.
type Data struct {
	mu   sync.Mutex
	vals map[string]string
}

// NewData returns saga data seeded with a copy of vals.
func NewData(vals map[string]string) *Data {
	d := &Data{vals: make(map[string]string, len(vals))}
	for k, v := range vals {
		d.vals[k] = v
	}
	return d
}

// Get returns the value stored under key.
func (d *Data) Get(key string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.vals[key]
}

// Set stores value under key.
func (d *Data) Set(key, value string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.vals[key] = value
}

// Option configures a Runner.
type Option func(*Runner)

// WithStageTimeout bounds how long the steps of a single stage may run.
func WithStageTimeout(d time.Duration) Option {
	return func(r *Runner) { r.stageTimeout = d }
}

// WithNow replaces the clock used for journal timestamps.
func WithNow(now func() time.Time) Option {
	return func(r *Runner) { r.now = now }
}

// WithLogf installs a logger for journal write failures.
func WithLogf(logf func(format string, args ...any)) Option {
	return func(r *Runner) { r.logf = logf }
}

// Runner executes saga definitions.
type Runner struct {
	journal      Journal
	stageTimeout time.Duration
	now          func() time.Time
	logf         func(format string, args ...any)
}

// NewRunner returns a Runner that journals to j.
func NewRunner(j Journal, opts ...Option) *Runner {
	r := &Runner{journal: j, stageTimeout: time.Minute, now: time.Now}
	for _, opt := range opts {
		opt(r)
	}
	return r
}

// Run executes def under sagaID. On failure it compensates every completed
// step, newest first, and returns an *Error.
func (r *Runner) Run(ctx context.Context, def Definition, sagaID string, data *Data) error {
	if err := def.Validate(); err != nil {
		return err
	}
	if data.vals == nil {
		data.vals = make(map[string]string)
	}
	var done []Step
	for i, stage := range def.Stages {
		completed, failed, err := r.runStage(ctx, sagaID, stage, data)
		done = append(done, completed...)
		if err != nil {
			if failed == "" {
				failed = fmt.Sprintf("stage %d", i+1)
			}
			serr := &Error{SagaID: sagaID, Step: failed, Err: err}
			r.compensate(sagaID, done, data, serr)
			return serr
		}
	}
	return nil
}

// runStage runs the steps of one stage concurrently. It returns the steps
// that completed and, on failure, the name of the first step that failed, if
// known.
func (r *Runner) runStage(ctx context.Context, sagaID string, stage []Step, data *Data) ([]Step, string, error) {
	ctx, cancel := context.WithTimeout(ctx, r.stageTimeout)
	defer cancel()

	errs := make([]error, len(stage))
	var wg sync.WaitGroup
	wg.Add(len(stage))
	for i, s := range stage {
		go func(i int, s Step) {
			defer func() {
				if p := recover(); p != nil {
					errs[i] = fmt.Errorf("%w: %v", ErrStepPanicked, p)
					r.record(ctx, sagaID, s.Name, StatusFailed, errs[i])
				}
			}()
			errs[i] = r.invoke(ctx, sagaID, s, data)
			wg.Done()
		}(i, s)
	}

	if err := waitAll(ctx, &wg); err != nil {
		return nil, "", fmt.Errorf("%w: %v", ErrStageTimeout, err)
	}

	var (
		completed []Step
		failed    string
		firstErr  error
	)
	for i, s := range stage {
		if errs[i] == nil {
			completed = append(completed, s)
		} else if firstErr == nil {
			failed, firstErr = s.Name, errs[i]
		}
	}
	return completed, failed, firstErr
}

// waitAll waits for wg, giving up when ctx is done. Steps are expected to
// honour ctx, so any still running are on their way out.
func waitAll(ctx context.Context, wg *sync.WaitGroup) error {
	ch := make(chan struct{})
	go func() {
		wg.Wait() // leak: a step that panics never calls Done
		close(ch)
	}()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (r *Runner) invoke(ctx context.Context, sagaID string, s Step, data *Data) error {
	r.record(ctx, sagaID, s.Name, StatusStarted, nil)
	if err := s.Do(ctx, data); err != nil {
		r.record(ctx, sagaID, s.Name, StatusFailed, err)
		return err
	}
	r.record(ctx, sagaID, s.Name, StatusCompleted, nil)
	return nil
}

// compensate undoes the completed steps in reverse order. It runs on a
// context detached from the caller's cancellation: an aborted request must
// still release what it reserved.
func (r *Runner) compensate(sagaID string, done []Step, data *Data, serr *Error) {
	cctx, cancel := context.WithTimeout(context.Background(), r.stageTimeout)
	defer cancel()
	for i := len(done) - 1; i >= 0; i-- {
		s := done[i]
		if s.Compensate == nil {
			continue
		}
		if err := s.Compensate(cctx, data); err != nil {
			if serr.CompensationErr == nil {
				serr.CompensationErr = make(map[string]error)
			}
			serr.CompensationErr[s.Name] = err
			continue
		}
		serr.Compensated = append(serr.Compensated, s.Name)
		r.record(cctx, sagaID, s.Name, StatusCompensated, nil)
	}
}

func (r *Runner) record(ctx context.Context, sagaID, step string, st Status, err error) {
	e := Entry{SagaID: sagaID, Step: step, Status: st, At: r.now()}
	if err != nil {
		e.Err = err.Error()
	}
	// Journal failures must not mask the step outcome; the coordinator's
	// recovery scan reconciles missing entries.
	if jerr := r.journal.Append(ctx, e); jerr != nil && r.logf != nil {
		r.logf("saga %s: journal %s %s: %v", sagaID, step, st, jerr)
	}
}
