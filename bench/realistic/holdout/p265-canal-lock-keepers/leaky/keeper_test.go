package lockkeeper

import (
	"context"
	"log"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeSluice struct {
	mu      sync.Mutex
	ops     []string
	entered chan string
	hold    chan struct{}
	held    bool
}

func (s *fakeSluice) Equalise(ctx context.Context, to Level) error {
	s.mu.Lock()
	s.ops = append(s.ops, "equalise "+to.String())
	first := !s.held
	s.held = true
	s.mu.Unlock()
	if first {
		s.entered <- to.String()
		select {
		case <-s.hold:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func (s *fakeSluice) OpenGate(ctx context.Context, side Level) error {
	s.mu.Lock()
	s.ops = append(s.ops, "open "+side.String())
	s.mu.Unlock()
	return nil
}

func (s *fakeSluice) CloseGate(ctx context.Context, side Level) error {
	s.mu.Lock()
	s.ops = append(s.ops, "close "+side.String())
	s.mu.Unlock()
	return nil
}

type memLogbook struct {
	mu      sync.Mutex
	entries []Entry
	notify  chan Entry
}

func (b *memLogbook) Record(e Entry) {
	b.mu.Lock()
	b.entries = append(b.entries, e)
	b.mu.Unlock()
	select {
	case b.notify <- e:
	default:
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestEveningClosureTurnsAwayQueue(t *testing.T) {
	defer goleak.VerifyNone(t)

	sluice := &fakeSluice{entered: make(chan string, 1), hold: make(chan struct{})}
	book := &memLogbook{notify: make(chan Entry, 16)}
	k, err := New(Config{
		Name:           "Foxton 3",
		ChamberLength:  22,
		ChamberBeam:    2.3,
		InitialLevel:   Upper,
		GateTimeout:    time.Second,
		RequireLicence: true,
	}, sluice, book, WithLogger(log.New(os.Stderr, "lock ", log.Lmicroseconds)))
	if err != nil {
		t.Fatal(err)
	}

	if err := k.Submit(Vessel{Name: "Widebeam Wanderer", Length: 18, Beam: 3.4, From: Lower, Licence: "CRT-1"}); err == nil {
		t.Fatal("expected widebeam to be refused")
	}

	if err := k.Submit(Vessel{Name: "Kingfisher", Length: 17, Beam: 2.1, From: Upper, Licence: "CRT-7"}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-sluice.entered:
	case <-time.After(2 * time.Second):
		t.Fatal("Kingfisher never reached the chamber")
	}

	queued := []Vessel{
		{Name: "Otter", Length: 12, Beam: 2.0, From: Lower, Licence: "CRT-11"},
		{Name: "Jubilee", Length: 20, Beam: 2.1, From: Upper, Licence: "CRT-12"},
		{Name: "Morning Star", Length: 15, Beam: 2.1, From: Lower, Licence: "CRT-13"},
	}
	for _, v := range queued {
		if err := k.Submit(v); err != nil {
			t.Fatalf("submit %s: %v", v.Name, err)
		}
	}
	waitFor(t, "queue to form", func() bool { return k.Status().Waiting == len(queued) })

	k.Close()
	if err := k.Submit(Vessel{Name: "Late Lark", Length: 10, Beam: 2, From: Upper, Licence: "CRT-99"}); err != ErrClosed {
		t.Fatalf("late vessel: got %v, want ErrClosed", err)
	}
	close(sluice.hold)

	timeout := time.After(2 * time.Second)
	for done := false; !done; {
		select {
		case e := <-book.notify:
			if e.Vessel != "Kingfisher" {
				continue
			}
			if e.Outcome != Passed {
				t.Fatalf("Kingfisher: %s (%v)", e.Outcome, e.Err)
			}
			done = true
		case <-timeout:
			t.Fatal("Kingfisher never left the chamber")
		}
	}

	if st := k.Status(); !st.Closed || st.Level != Lower {
		t.Fatalf("unexpected status after closing: %+v", st)
	}
}
