package moderation

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrUnknownReview is returned by Resolve for an image nobody is reviewing.
var ErrUnknownReview = errors.New("moderation: no pending review for image")

// Outcome is the final decision about an image.
type Outcome int

// Outcomes.
const (
	Approved Outcome = iota + 1
	Rejected
	Failed  // could not be escalated
	Expired // the review was abandoned before a human decided

	outcomeReview // internal: needs a human
)

// Verdict is the decision about one image.
type Verdict struct {
	ImageID   string
	Outcome   Outcome
	Reasons   []string
	Reviewer  string
	DecidedAt time.Time
}

// ReviewRequest is sent to the human review queue.
type ReviewRequest struct {
	Image   Image
	BatchID string
	Reasons []string
}

// ReviewQueue hands images to human reviewers. Their decisions come back
// through Pipeline.Resolve.
type ReviewQueue interface {
	Enqueue(ctx context.Context, req ReviewRequest) error
}

// BatchReport is published once every image in a batch has a verdict.
type BatchReport struct {
	BatchID  string
	Verdicts []Verdict
}

// Publisher publishes batch reports.
type Publisher interface {
	Publish(ctx context.Context, r BatchReport) error
}

// Decision is a human reviewer's ruling.
type Decision struct {
	Approve  bool
	Reviewer string
	Note     string
}

type review struct {
	batch   *Batch
	reasons []string
}

// escalate registers img for human review on behalf of b and queues it.
func (p *Pipeline) escalate(ctx context.Context, b *Batch, img Image, reasons []string) error {
	p.mu.Lock()
	p.reviews[img.ID] = &review{batch: b, reasons: reasons}
	p.mu.Unlock()

	err := p.queue.Enqueue(ctx, ReviewRequest{Image: img, BatchID: b.ID, Reasons: reasons})
	if err != nil {
		p.mu.Lock()
		delete(p.reviews, img.ID)
		p.mu.Unlock()
		return fmt.Errorf("escalate image %s: %w", img.ID, err)
	}
	return nil
}

// Resolve records a reviewer's decision about an escalated image.
func (p *Pipeline) Resolve(imageID string, d Decision) error {
	p.mu.Lock()
	r, ok := p.reviews[imageID]
	delete(p.reviews, imageID)
	p.mu.Unlock()
	if !ok {
		return fmt.Errorf("resolve %s: %w", imageID, ErrUnknownReview)
	}
	v := Verdict{ImageID: imageID, Outcome: Rejected, Reasons: r.reasons, Reviewer: d.Reviewer, DecidedAt: p.now()}
	if d.Approve {
		v.Outcome = Approved
	}
	if d.Note != "" {
		v.Reasons = append(v.Reasons, "reviewer: "+d.Note)
	}
	r.batch.record(v)
	return nil
}

// Batch tracks the verdicts of one submitted batch.
type Batch struct {
	ID string

	pending  sync.WaitGroup
	mu       sync.Mutex
	verdicts []Verdict
	done     chan struct{}
	err      error
}

func newBatch(id string, n int) *Batch {
	b := &Batch{ID: id, done: make(chan struct{})}
	b.pending.Add(n)
	return b
}

// record stores a final verdict. It must be called exactly once per image.
func (b *Batch) record(v Verdict) {
	b.mu.Lock()
	b.verdicts = append(b.verdicts, v)
	b.mu.Unlock()
	b.pending.Done()
}

// Done is closed once the batch report has been published (or publishing
// failed).
func (b *Batch) Done() <-chan struct{} { return b.done }

// Report returns the verdicts and the publish error. It is only meaningful
// after Done is closed.
func (b *Batch) Report() (BatchReport, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return BatchReport{BatchID: b.ID, Verdicts: append([]Verdict(nil), b.verdicts...)}, b.err
}

// finish waits for every verdict of b and publishes the batch report.
func (p *Pipeline) finish(b *Batch) {
	b.pending.Wait() // leak: a later batch escalating the same image replaces this batch's review
	report, _ := b.Report()
	err := p.pub.Publish(p.ctx, report)
	if err != nil {
		p.log.Printf("moderation: publish batch %s: %v", b.ID, err)
	}
	b.mu.Lock()
	b.err = err
	b.mu.Unlock()
	close(b.done)
}
