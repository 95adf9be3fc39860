package moderation

import (
	"context"
	"errors"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type tableClassifier struct {
	name   string
	label  string
	scores map[string]float64
}

func (c tableClassifier) Name() string { return c.name }

func (c tableClassifier) Classify(_ context.Context, img Image) ([]Score, error) {
	s, ok := c.scores[img.ID]
	if !ok {
		return nil, errors.New("model returned no score")
	}
	return []Score{{Label: c.label, Confidence: s}}, nil
}

type memQueue struct {
	mu   sync.Mutex
	reqs []ReviewRequest
}

func (q *memQueue) Enqueue(_ context.Context, req ReviewRequest) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.reqs = append(q.reqs, req)
	return nil
}

type memPublisher struct {
	mu      sync.Mutex
	reports []BatchReport
}

func (p *memPublisher) Publish(_ context.Context, r BatchReport) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reports = append(p.reports, r)
	return nil
}

func TestReuploadWhileUnderReview(t *testing.T) {
	defer goleak.VerifyNone(t)

	stage := Stage{
		Name: "safety",
		Classifiers: []Classifier{
			tableClassifier{name: "nsfw-v4", label: "nudity", scores: map[string]float64{
				"sha256:cat": 0.02, "sha256:beach": 0.71,
			}},
			tableClassifier{name: "gore-v2", label: "gore", scores: map[string]float64{
				"sha256:cat": 0.01, "sha256:beach": 0.05,
			}},
		},
		RejectAt: 0.9,
		ReviewAt: 0.6,
	}
	queue := &memQueue{}
	pub := &memPublisher{}
	fixed := time.Date(2024, 5, 2, 10, 0, 0, 0, time.UTC)
	p, err := New(Config{Stages: []Stage{stage}}, queue, pub,
		WithLogger(log.New(io.Discard, "", 0)),
		WithNow(func() time.Time { return fixed }))
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	ctx := context.Background()
	cat := Image{ID: "sha256:cat", URL: "https://cdn.example/u/1/cat.jpg", Uploader: "u1"}
	beach := Image{ID: "sha256:beach", URL: "https://cdn.example/u/2/beach.jpg", Uploader: "u2"}

	if _, err := p.Submit(ctx, "batch-1", []Image{cat, beach}); err != nil {
		t.Fatalf("Submit batch-1: %v", err)
	}
	// The same upload arrives again before anyone has looked at it.
	b2, err := p.Submit(ctx, "batch-2", []Image{beach})
	if err != nil {
		t.Fatalf("Submit batch-2: %v", err)
	}
	queue.mu.Lock()
	escalated := len(queue.reqs)
	queue.mu.Unlock()
	if escalated != 2 {
		t.Fatalf("escalated %d review requests, want 2", escalated)
	}

	if err := p.Resolve(beach.ID, Decision{Approve: true, Reviewer: "mod-17"}); err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	if err := p.Resolve(beach.ID, Decision{Approve: true, Reviewer: "mod-17"}); !errors.Is(err, ErrUnknownReview) {
		t.Fatalf("second Resolve: got %v, want ErrUnknownReview", err)
	}

	<-b2.Done()
	rep, err := b2.Report()
	if err != nil {
		t.Fatalf("batch-2 report: %v", err)
	}
	if len(rep.Verdicts) != 1 || rep.Verdicts[0].Outcome != Approved || rep.Verdicts[0].Reviewer != "mod-17" {
		t.Fatalf("batch-2 verdicts = %+v", rep.Verdicts)
	}

	if err := p.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}
