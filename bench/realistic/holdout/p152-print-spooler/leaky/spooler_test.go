package spool

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStore map[string][]byte

func (m memStore) Stat(_ context.Context, id string) (int64, error) {
	b, ok := m[id]
	if !ok {
		return 0, fmt.Errorf("document %q not found", id)
	}
	return int64(len(b)), nil
}

func (m memStore) Open(_ context.Context, id string) (io.ReadCloser, error) {
	b, ok := m[id]
	if !ok {
		return nil, fmt.Errorf("document %q not found", id)
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

// fakeDevice accepts bytes until its paper supply is used up.
type fakeDevice struct {
	mu      sync.Mutex
	paper   int
	printed []string
}

func (d *fakeDevice) Open(_ context.Context, job JobInfo) (io.WriteCloser, error) {
	return &deviceStream{dev: d, job: job.ID}, nil
}

type deviceStream struct {
	dev *fakeDevice
	job string
	n   int
}

func (s *deviceStream) Write(p []byte) (int, error) {
	s.dev.mu.Lock()
	defer s.dev.mu.Unlock()
	if len(p) > s.dev.paper {
		n := s.dev.paper
		s.dev.paper = 0
		s.n += n
		return n, fmt.Errorf("tray 1 empty: %w", ErrPaperOut)
	}
	s.dev.paper -= len(p)
	s.n += len(p)
	return len(p), nil
}

func (s *deviceStream) Close() error {
	s.dev.mu.Lock()
	defer s.dev.mu.Unlock()
	s.dev.printed = append(s.dev.printed, fmt.Sprintf("%s:%d", s.job, s.n))
	return nil
}

func waitFor(t *testing.T, events <-chan JobInfo, id string, want State) JobInfo {
	t.Helper()
	timeout := time.After(time.Second)
	for {
		select {
		case ev := <-events:
			if ev.ID == id && ev.State == want {
				return ev
			}
			if ev.ID == id && ev.State.Terminal() {
				t.Fatalf("job %s ended in state %d (%v), want %d", id, ev.State, ev.Err, want)
			}
		case <-timeout:
			t.Fatalf("job %s never reached state %d", id, want)
		}
	}
}

func TestRemovePrinterWhileOutOfPaper(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := memStore{
		"memo":   []byte(strings.Repeat("m", 100)),
		"report": []byte(strings.Repeat("r", 500)),
	}
	events := make(chan JobInfo, 64)
	sp, err := New(Config{
		Store:         store,
		ChunkSize:     64,
		OnStateChange: func(ji JobInfo) { events <- ji },
	})
	if err != nil {
		t.Fatal(err)
	}
	dev := &fakeDevice{paper: 300}
	if err := sp.AddPrinter("lobby", dev); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	memo, err := sp.Submit(ctx, "lobby", "memo")
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, events, memo, StateDone)

	report, err := sp.Submit(ctx, "lobby", "report")
	if err != nil {
		t.Fatal(err)
	}
	held := waitFor(t, events, report, StatePaperOut)
	if held.Size != 500 {
		t.Fatalf("held job size = %d", held.Size)
	}

	// The printer is decommissioned instead of being refilled.
	if err := sp.RemovePrinter("lobby"); err != nil {
		t.Fatal(err)
	}
	if err := sp.Resume("lobby"); err == nil {
		t.Fatal("Resume of removed printer succeeded")
	}
	sp.Close()
}
