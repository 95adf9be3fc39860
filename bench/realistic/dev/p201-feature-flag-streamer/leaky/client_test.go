package flags

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeStream struct {
	mu     sync.Mutex
	events []Event
	err    error
}

func (s *fakeStream) Recv() (Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.events) == 0 {
		return Event{}, s.err
	}
	ev := s.events[0]
	s.events = s.events[1:]
	return ev, nil
}

func (s *fakeStream) Close() error { return nil }

// fakeSource hands out the scripted results of successive Connect calls.
type fakeSource struct {
	mu      sync.Mutex
	results []func() (Stream, error)
}

func (f *fakeSource) Connect(ctx context.Context, sdkKey string) (Stream, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.results) == 0 {
		return nil, errors.New("no more scripted connections")
	}
	next := f.results[0]
	f.results = f.results[1:]
	return next()
}

type instantClock struct{}

func (instantClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- time.Time{}
	return ch
}

func checkoutFlag() Flag {
	return Flag{
		Key:          "new-checkout",
		Version:      3,
		On:           true,
		Variations:   []string{"true", "false"},
		OffVariation: 1,
		Rules: []Rule{{
			Attribute: "email",
			Op:        "endsWith",
			Values:    []string{"@example.com"},
			Variation: 0,
		}},
		Fallthrough: 1,
	}
}

func TestClientKeepsServingAfterKeyRevoked(t *testing.T) {
	defer goleak.VerifyNone(t)

	src := &fakeSource{results: []func() (Stream, error){
		func() (Stream, error) {
			return &fakeStream{
				events: []Event{{Kind: EventPut, Flags: []Flag{checkoutFlag()}}},
				err:    io.ErrUnexpectedEOF,
			}, nil
		},
		func() (Stream, error) {
			return nil, fmt.Errorf("GET /stream: 401: %w", ErrUnauthorized)
		},
	}}

	statuses := make(chan Status, 16)
	c, err := New(context.Background(), Config{
		SDKKey:    "sdk-123",
		Source:    src,
		StartWait: time.Second,
		Clock:     instantClock{},
		OnStatus:  func(s Status, _ error) { statuses <- s },
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer c.Close()

	staff := User{Key: "u1", Attributes: map[string]string{"email": "ann@example.com"}}
	if !c.BoolVariation("new-checkout", staff, false) {
		t.Fatalf("staff user should get new checkout")
	}

	timeout := time.After(time.Second)
	for off := false; !off; {
		select {
		case s := <-statuses:
			off = s == StatusOff
		case <-timeout:
			t.Fatal("client never gave up on the revoked key")
		}
	}

	if !c.BoolVariation("new-checkout", staff, false) {
		t.Fatalf("last known flags should still be served after the stream stopped")
	}
	guest := User{Key: "u2", Attributes: map[string]string{"email": "bob@mail.test"}}
	if c.BoolVariation("new-checkout", guest, true) {
		t.Fatalf("guest should fall through to false")
	}
}
