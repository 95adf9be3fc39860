// Package moderation screens uploaded images. Every image goes through a
// sequence of classifier stages; clear violations are rejected, clean images
// are approved, and anything in between is escalated to a human reviewer.
// When every image in a batch has a verdict, a report for the batch is
// published.
package moderation

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// ErrClosed is returned once the pipeline has been closed.
var ErrClosed = errors.New("moderation: pipeline closed")

// Image is an uploaded image awaiting moderation.
type Image struct {
	ID       string // content hash
	URL      string
	Uploader string
}

// Score is one classifier's opinion about one label.
type Score struct {
	Label      string
	Confidence float64
}

// Classifier scores an image.
type Classifier interface {
	Name() string
	Classify(ctx context.Context, img Image) ([]Score, error)
}

// Stage runs its classifiers concurrently. A score at or above RejectAt
// rejects the image outright; a score at or above ReviewAt sends it to a
// human once all stages have run.
type Stage struct {
	Name        string
	Classifiers []Classifier
	RejectAt    float64
	ReviewAt    float64
}

// Config configures a Pipeline.
type Config struct {
	Stages []Stage
	// ClassifyTimeout bounds each classifier call. Defaults to 10s.
	ClassifyTimeout time.Duration
}

// Option customises a Pipeline.
type Option func(*Pipeline)

// WithLogger replaces the default logger.
func WithLogger(l *log.Logger) Option { return func(p *Pipeline) { p.log = l } }

// WithNow replaces time.Now.
func WithNow(now func() time.Time) Option { return func(p *Pipeline) { p.now = now } }

// Pipeline moderates batches of images.
type Pipeline struct {
	cfg    Config
	queue  ReviewQueue
	pub    Publisher
	log    *log.Logger
	now    func() time.Time
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	reviews map[string]*review // by image ID
	closed  bool
}

// New returns a Pipeline that escalates to queue and publishes to pub.
func New(cfg Config, queue ReviewQueue, pub Publisher, opts ...Option) (*Pipeline, error) {
	if len(cfg.Stages) == 0 {
		return nil, errors.New("moderation: no stages configured")
	}
	for _, st := range cfg.Stages {
		if len(st.Classifiers) == 0 || st.ReviewAt <= 0 || st.ReviewAt > st.RejectAt {
			return nil, fmt.Errorf("moderation: stage %q: need classifiers and 0 < ReviewAt <= RejectAt", st.Name)
		}
	}
	if cfg.ClassifyTimeout <= 0 {
		cfg.ClassifyTimeout = 10 * time.Second
	}
	p := &Pipeline{
		cfg:     cfg,
		queue:   queue,
		pub:     pub,
		log:     log.Default(),
		now:     time.Now,
		reviews: make(map[string]*review),
	}
	for _, o := range opts {
		o(p)
	}
	p.ctx, p.cancel = context.WithCancel(context.Background())
	return p, nil
}

// Submit moderates images as one batch. Automatic verdicts are reached before
// Submit returns; the returned Batch completes once humans have decided the
// rest.
func (p *Pipeline) Submit(ctx context.Context, batchID string, images []Image) (*Batch, error) {
	seen := make(map[string]bool, len(images))
	for _, img := range images {
		if seen[img.ID] {
			return nil, fmt.Errorf("moderation: batch %s: image %s appears twice", batchID, img.ID)
		}
		seen[img.ID] = true
	}
	p.mu.Lock()
	closed := p.closed
	p.mu.Unlock()
	if closed {
		return nil, ErrClosed
	}

	b := newBatch(batchID, len(images))
	for _, img := range images {
		outcome, reasons := p.screen(ctx, img)
		if outcome != outcomeReview {
			b.record(Verdict{ImageID: img.ID, Outcome: outcome, Reasons: reasons, DecidedAt: p.now()})
			continue
		}
		if err := p.escalate(ctx, b, img, reasons); err != nil {
			p.log.Printf("moderation: batch %s: %v", batchID, err)
			b.record(Verdict{ImageID: img.ID, Outcome: Failed, Reasons: append(reasons, err.Error()), DecidedAt: p.now()})
		}
	}
	go p.finish(b)
	return b, nil
}

// screen runs every stage over img. Classifier failures are treated as a
// reason for human review rather than as an approval.
func (p *Pipeline) screen(ctx context.Context, img Image) (Outcome, []string) {
	var reasons []string
	for _, st := range p.cfg.Stages {
		results := make([][]Score, len(st.Classifiers))
		errs := make([]error, len(st.Classifiers))
		var wg sync.WaitGroup
		for i, c := range st.Classifiers {
			wg.Add(1)
			go func(i int, c Classifier) {
				defer wg.Done()
				cctx, cancel := context.WithTimeout(ctx, p.cfg.ClassifyTimeout)
				defer cancel()
				results[i], errs[i] = c.Classify(cctx, img)
			}(i, c)
		}
		wg.Wait()

		for i, c := range st.Classifiers {
			if errs[i] != nil {
				reasons = append(reasons, fmt.Sprintf("%s/%s unavailable: %v", st.Name, c.Name(), errs[i]))
				continue
			}
			for _, s := range results[i] {
				switch {
				case s.Confidence >= st.RejectAt:
					return Rejected, append(reasons, fmt.Sprintf("%s/%s: %s %.2f", st.Name, c.Name(), s.Label, s.Confidence))
				case s.Confidence >= st.ReviewAt:
					reasons = append(reasons, fmt.Sprintf("%s/%s: %s %.2f", st.Name, c.Name(), s.Label, s.Confidence))
				}
			}
		}
	}
	if len(reasons) > 0 {
		return outcomeReview, reasons
	}
	return Approved, nil
}

// Close stops the pipeline. Reviews still pending are recorded as Expired so
// their batches can complete.
func (p *Pipeline) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return ErrClosed
	}
	p.closed = true
	pending := p.reviews
	p.reviews = make(map[string]*review)
	p.mu.Unlock()

	for id, r := range pending {
		r.batch.record(Verdict{ImageID: id, Outcome: Expired, Reasons: r.reasons, DecidedAt: p.now()})
	}
	p.cancel()
	return nil
}
