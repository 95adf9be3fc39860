package callrouter

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeTimer struct{}

func (fakeTimer) Stop() bool { return true }

// fakeClock never fires its timers; tests drive every transition explicitly.
type fakeClock struct{ now time.Time }

func (c fakeClock) Now() time.Time { return c.now }

func (c fakeClock) AfterFunc(time.Duration, func()) Timer { return fakeTimer{} }

type fakeTransport struct {
	sent chan Request
}

func (f *fakeTransport) Send(ctx context.Context, contact string, req Request) error {
	select {
	case f.sent <- req:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func TestCancelWhileRinging(t *testing.T) {
	defer goleak.VerifyNone(t)

	const (
		alice = "sip:alice@example.com"
		desk  = "sip:alice@10.0.0.10:5060"
		phone = "sip:alice@10.0.0.22:5060"
	)
	tr := &fakeTransport{sent: make(chan Request, 16)}
	outcomes := make(chan Outcome, 4)
	r, err := New(Config{
		Transport: tr,
		Clock:     fakeClock{now: time.Date(2023, 5, 4, 9, 0, 0, 0, time.UTC)},
		OnOutcome: func(o Outcome) { outcomes <- o },
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer r.Close()

	r.Register(alice, desk, time.Hour)
	r.Register(alice, phone, time.Hour)

	id, err := r.Invite(Request{Method: "INVITE", From: "sip:bob@example.com", To: alice})
	if err != nil {
		t.Fatalf("Invite: %v", err)
	}

	invites := make(map[string]Request)
	for len(invites) < 2 {
		req := <-tr.sent
		if req.Method != "INVITE" {
			t.Fatalf("unexpected %s before INVITEs", req.Method)
		}
		invites[req.Contact] = req
	}
	r.HandleResponse(Response{CallID: id, Branch: invites[desk].Branch, Status: 180, Reason: "Ringing"})

	if err := r.Cancel(id); err != nil {
		t.Fatalf("Cancel: %v", err)
	}
	out := <-outcomes
	if out.State != stateCancelled || out.Status != 487 {
		t.Fatalf("outcome = %+v, want cancelled/487", out)
	}
	if err := r.Cancel(id); err == nil {
		t.Fatalf("second Cancel succeeded")
	}
}
