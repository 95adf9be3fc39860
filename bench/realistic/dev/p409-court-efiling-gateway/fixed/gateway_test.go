package efiling

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// fakeQueue records transmittals it accepts. When reject is set it refuses
// every envelope up front, the way a clerk queue does when it is over
// capacity, without reading the body.
type fakeQueue struct {
	name   string
	reject error

	mu       sync.Mutex
	received map[string][]byte
}

func (q *fakeQueue) Name() string { return q.name }

func (q *fakeQueue) Enqueue(ctx context.Context, env Envelope, body io.Reader) error {
	if q.reject != nil {
		return q.reject
	}
	data, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.received == nil {
		q.received = make(map[string][]byte)
	}
	q.received[env.Number] = data
	return nil
}

func testFiling() Filing {
	return Filing{
		CourtID:        "nysd",
		CaseNumber:     "1:24-cv-01234",
		FilerBarNumber: "NY-556677",
		Type:           Motion,
		Title:          "Motion to Compel Discovery",
		Document:       []byte("%PDF-1.7\n...motion body...\n%%EOF\n"),
	}
}

func TestSubmit(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := fixedClock{t: time.Date(2024, 3, 4, 15, 30, 0, 0, time.UTC)}
	civil := &fakeQueue{name: "nysd-civil"}
	errOverCapacity := errors.New("queue over capacity")
	motions := &fakeQueue{name: "nysd-motions", reject: errOverCapacity}

	g := NewGateway(
		WithClock(clock),
		WithQueue("NYSD", "", civil),
		WithQueue("NYSD", Motion, motions),
	)
	ctx := context.Background()

	// A complaint goes to the civil default queue with the stamp in front.
	complaint := testFiling()
	complaint.CaseNumber = ""
	complaint.Type = Complaint
	complaint.Title = "Complaint for Breach of Contract"
	rcpt, err := g.Submit(ctx, complaint)
	if err != nil {
		t.Fatalf("Submit(complaint) error = %v", err)
	}
	if rcpt.Queue != "nysd-civil" || rcpt.EnvelopeNumber != "NYSD-20240304-000001" {
		t.Fatalf("unexpected receipt %+v", rcpt)
	}
	got := civil.received[rcpt.EnvelopeNumber]
	if !strings.HasPrefix(string(got), "%%TRANSMITTAL 1\n%%Court: NYSD\n%%Case: NEW\n") {
		t.Fatalf("transmittal missing stamp:\n%s", got)
	}
	if !bytes.HasSuffix(got, complaint.Document) {
		t.Fatalf("transmittal does not end with the document")
	}

	// Invalid filings never reach a queue.
	bad := testFiling()
	bad.Document = []byte("not a pdf")
	if _, err := g.Submit(ctx, bad); !errors.Is(err, ErrInvalidFiling) {
		t.Fatalf("Submit(bad) error = %v, want ErrInvalidFiling", err)
	}

	// The motions queue is over capacity and refuses the envelope.
	if _, err := g.Submit(ctx, testFiling()); !errors.Is(err, errOverCapacity) {
		t.Fatalf("Submit(motion) error = %v, want %v", err, errOverCapacity)
	}
}
