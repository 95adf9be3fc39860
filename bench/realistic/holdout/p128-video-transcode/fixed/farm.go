// Package transcode runs a small transcoding farm: a job is split into
// fixed-length chunks, the chunks are encoded in parallel by a pool of
// workers, and the encoded segments are stitched back together in order.
package transcode

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Errors returned by the farm, possibly wrapped.
var (
	ErrClosed     = errors.New("transcode: farm closed")
	ErrInvalidJob = errors.New("transcode: invalid job")
)

// Profile is the target rendition of a job.
type Profile struct {
	Name        string // e.g. "720p"
	Codec       string // e.g. "h264"
	Width       int
	Height      int
	BitrateKbps int
}

// Job asks for one source video to be transcoded to one profile.
type Job struct {
	ID        string
	SourceURI string
	Duration  time.Duration
	Profile   Profile
}

func (j Job) validate() error {
	switch {
	case j.ID == "":
		return fmt.Errorf("%w: missing id", ErrInvalidJob)
	case j.SourceURI == "":
		return fmt.Errorf("%w: job %s: missing source", ErrInvalidJob, j.ID)
	case j.Duration <= 0:
		return fmt.Errorf("%w: job %s: non-positive duration", ErrInvalidJob, j.ID)
	case j.Profile.Codec == "":
		return fmt.Errorf("%w: job %s: profile has no codec", ErrInvalidJob, j.ID)
	}
	return nil
}

// Chunk is the slice of a job that a single worker encodes.
type Chunk struct {
	JobID     string
	Index     int
	SourceURI string
	Start     time.Duration
	Length    time.Duration
	Profile   Profile
}

// Segment is an encoded chunk, stored at URI.
type Segment struct {
	Index  int
	URI    string
	Length time.Duration
}

// Result describes a finished job.
type Result struct {
	JobID    string
	URI      string
	Segments int
	Duration time.Duration
}

// Encoder encodes one chunk. Errors that implement Temporary() bool and
// return true are retried.
type Encoder interface {
	Encode(ctx context.Context, c Chunk) (Segment, error)
}

// Muxer concatenates the segments of a job into its final output. Append is
// called with segments in index order.
type Muxer interface {
	Append(ctx context.Context, jobID string, seg Segment) error
	Finish(ctx context.Context, jobID string) (uri string, err error)
	Abort(jobID string)
}

// Config tunes a Farm. Zero fields take the documented defaults.
type Config struct {
	Workers     int           // concurrent chunk encodes (4)
	ChunkLength time.Duration // length of each chunk (10s)
	MaxAttempts int           // attempts per chunk for temporary errors (3)
	RetryDelay  time.Duration // delay between attempts (500ms)
	QueueSize   int           // chunks waiting for a worker (64)
}

// Farm owns the worker pool. It is safe for concurrent use.
type Farm struct {
	cfg   Config
	enc   Encoder
	mux   Muxer
	tasks chan task
	wg    sync.WaitGroup

	mu     sync.RWMutex
	closed bool
}

// New starts a farm with cfg.Workers workers.
func New(enc Encoder, mux Muxer, cfg Config) *Farm {
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.ChunkLength <= 0 {
		cfg.ChunkLength = 10 * time.Second
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 3
	}
	if cfg.RetryDelay <= 0 {
		cfg.RetryDelay = 500 * time.Millisecond
	}
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 64
	}
	f := &Farm{cfg: cfg, enc: enc, mux: mux, tasks: make(chan task, cfg.QueueSize)}
	f.wg.Add(cfg.Workers)
	for i := 0; i < cfg.Workers; i++ {
		go f.worker()
	}
	return f
}

// Transcode encodes job and returns once the stitched output is complete,
// a chunk has failed for good, or ctx is done.
func (f *Farm) Transcode(ctx context.Context, job Job) (Result, error) {
	if err := job.validate(); err != nil {
		return Result{}, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	chunks := split(job, f.cfg.ChunkLength)
	run := newJobRun(ctx, job, len(chunks))
	out := make(chan stitchResult, 1)
	go f.stitch(run, out)

	if err := f.dispatch(ctx, run, chunks); err != nil {
		run.fail(err)
		return Result{}, fmt.Errorf("transcode %s: %w", job.ID, err)
	}
	select {
	case res := <-out:
		if res.err != nil {
			return Result{}, fmt.Errorf("transcode %s: %w", job.ID, res.err)
		}
		return res.result, nil
	case <-ctx.Done():
		return Result{}, fmt.Errorf("transcode %s: %w", job.ID, ctx.Err())
	}
}

// Close stops accepting jobs and waits for the workers to drain the queue.
func (f *Farm) Close() {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return
	}
	f.closed = true
	close(f.tasks)
	f.mu.Unlock()
	f.wg.Wait()
}

// dispatch queues every chunk of run for the workers.
func (f *Farm) dispatch(ctx context.Context, run *jobRun, chunks []Chunk) error {
	f.mu.RLock()
	defer f.mu.RUnlock()
	if f.closed {
		return ErrClosed
	}
	for _, c := range chunks {
		select {
		case f.tasks <- task{run: run, chunk: c}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// split cuts job into chunks of at most length.
func split(job Job, length time.Duration) []Chunk {
	var chunks []Chunk
	for start := time.Duration(0); start < job.Duration; start += length {
		l := length
		if rest := job.Duration - start; rest < l {
			l = rest
		}
		chunks = append(chunks, Chunk{
			JobID:     job.ID,
			Index:     len(chunks),
			SourceURI: job.SourceURI,
			Start:     start,
			Length:    l,
			Profile:   job.Profile,
		})
	}
	return chunks
}
