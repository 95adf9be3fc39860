package captions

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// scriptedRecognizer returns canned hypotheses keyed by segment number.
type scriptedRecognizer map[int]Hypothesis

func (r scriptedRecognizer) Recognize(ctx context.Context, seg Segment) (Hypothesis, error) {
	h, ok := r[seg.Seq]
	if !ok {
		return Hypothesis{}, fmt.Errorf("no script for segment %d", seg.Seq)
	}
	return h, nil
}

type recordingViewer struct {
	id   string
	mu   sync.Mutex
	got  []Caption
	sent chan []Caption
}

func newViewer(id string) *recordingViewer {
	return &recordingViewer{id: id, sent: make(chan []Caption, 16)}
}

func (v *recordingViewer) ID() string { return v.id }

func (v *recordingViewer) Send(ctx context.Context, captions []Caption) error {
	v.mu.Lock()
	v.got = append(v.got, captions...)
	v.mu.Unlock()
	v.sent <- captions
	return nil
}

// spokenPunctuation turns "example dot com" into "example.com".
func spokenPunctuation(line string) string {
	words := strings.Fields(line)
	out := words[:0]
	for i := 0; i < len(words); i++ {
		if words[i] == "dot" && len(out) > 0 {
			out[len(out)-1] += "." + words[i+1]
			i++
			continue
		}
		out = append(out, words[i])
	}
	return strings.Join(out, " ")
}

func TestRewriterPanicDoesNotStopStream(t *testing.T) {
	defer goleak.VerifyNone(t)

	errs := make(chan error, 4)
	rec := scriptedRecognizer{
		1: {Text: "welcome to the keynote", Confidence: 0.93, Final: true},
		2: {Text: "slides are at example dot", Confidence: 0.88},
	}
	r := New(rec,
		WithRewriter(spokenPunctuation),
		WithErrorHandler(func(id string, err error) { errs <- err }),
		WithSendTimeout(time.Second),
	)
	s, err := r.Open("keynote")
	if err != nil {
		t.Fatalf("Open: %v", err)
	}

	early := newViewer("early")
	s.Watch(early)

	ctx := context.Background()
	if err := s.Push(ctx, Segment{Seq: 1, Duration: 2 * time.Second}); err != nil {
		t.Fatalf("Push 1: %v", err)
	}
	for batch := range early.sent {
		if len(batch) == 1 && batch[0].Text == "welcome to the keynote" && batch[0].Final {
			break
		}
	}

	if err := s.Push(ctx, Segment{Seq: 2, Start: 2 * time.Second, Duration: 2 * time.Second}); err != nil {
		t.Fatalf("Push 2: %v", err)
	}
	if err := <-errs; !strings.Contains(err.Error(), "panic") {
		t.Fatalf("segment 2 error = %v, want recovered panic", err)
	}

	late := newViewer("late")
	s.Watch(late)
	r.Close()

	if _, ok := r.Lookup("keynote"); ok {
		t.Errorf("stream still registered after Close")
	}
}
