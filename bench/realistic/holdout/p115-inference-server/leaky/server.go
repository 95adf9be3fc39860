// Package inference serves a machine learning model behind a dynamic
// batcher: concurrent Infer calls are grouped into batches that are run
// together once the batch is full or its deadline expires.
package inference

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Tensor is a flat float32 vector.
type Tensor []float32

var (
	// ErrClosed is returned by Infer after Close has been called.
	ErrClosed = errors.New("inference: server closed")
	// ErrNoModel is returned when no model has been loaded.
	ErrNoModel = errors.New("inference: no model loaded")
	// ErrBadInput is returned for inputs that do not match the model.
	ErrBadInput = errors.New("inference: bad input")
)

// Options configures a Server.
type Options struct {
	// MaxBatchSize is the largest number of requests run together.
	// Defaults to 32.
	MaxBatchSize int
	// MaxDelay is how long the first request of a batch waits for more
	// requests before the batch is run anyway. Defaults to 5ms.
	MaxDelay time.Duration
	// MaxConcurrentBatches bounds the number of batches running at once.
	// Defaults to 2.
	MaxConcurrentBatches int
	// PredictTimeout bounds a single model call. Defaults to 10s.
	PredictTimeout time.Duration
	// OnBatch, if set, is called each time a batch is handed to the model
	// runner, with the number of requests in it.
	OnBatch func(size int)
}

func (o *Options) setDefaults() {
	if o.MaxBatchSize <= 0 {
		o.MaxBatchSize = 32
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = 5 * time.Millisecond
	}
	if o.MaxConcurrentBatches <= 0 {
		o.MaxConcurrentBatches = 2
	}
	if o.PredictTimeout <= 0 {
		o.PredictTimeout = 10 * time.Second
	}
}

type result struct {
	out Tensor
	err error
}

type request struct {
	ctx   context.Context
	input Tensor
	resp  chan result // buffered, capacity 1
}

func (r *request) reply(out Tensor, err error) {
	r.resp <- result{out: out, err: err}
}

// Server batches inference requests for the currently loaded model.
type Server struct {
	opts Options

	mu         sync.RWMutex
	model      Model
	generation int

	requests chan *request
	sem      chan struct{}

	baseCtx   context.Context
	cancel    context.CancelFunc
	done      chan struct{}
	loopDone  chan struct{}
	closeOnce sync.Once
}

// NewServer starts a Server. A model must be loaded with LoadModel before
// requests succeed.
func NewServer(opts Options) *Server {
	opts.setDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		opts:     opts,
		requests: make(chan *request),
		sem:      make(chan struct{}, opts.MaxConcurrentBatches),
		baseCtx:  ctx,
		cancel:   cancel,
		done:     make(chan struct{}),
		loopDone: make(chan struct{}),
	}
	go s.loop()
	return s
}

// Infer runs the model on input and returns its output. It waits at most
// Options.MaxDelay for other requests to batch with.
func (s *Server) Infer(ctx context.Context, input Tensor) (Tensor, error) {
	if len(input) == 0 {
		return nil, fmt.Errorf("empty input: %w", ErrBadInput)
	}
	req := &request{ctx: ctx, input: input, resp: make(chan result, 1)}
	select {
	case s.requests <- req:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-s.done:
		return nil, ErrClosed
	}
	select {
	case res := <-req.resp:
		return res.out, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-s.done:
		return nil, ErrClosed
	}
}

// Close stops accepting requests and waits for the batcher to stop. Batches
// already handed to the model have their model call cancelled; their callers
// receive ErrClosed. The loaded model is owned by the caller and is not
// closed.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		close(s.done)
		s.cancel()
	})
	<-s.loopDone
	return nil
}
