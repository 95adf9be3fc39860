package spool

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakePrinter reads a job's stream; if jamAfter > 0 it jams after that
// many reads.
type fakePrinter struct {
	jamAfter int

	mu     sync.Mutex
	output map[string]string
}

var errPaperJam = errors.New("paper jam in tray 2")

func (p *fakePrinter) Print(ctx context.Context, jobID string, r io.Reader) error {
	var sb strings.Builder
	buf := make([]byte, 4096)
	for reads := 0; ; reads++ {
		if p.jamAfter > 0 && reads == p.jamAfter {
			return errPaperJam
		}
		n, err := r.Read(buf)
		sb.Write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.output[jobID] = sb.String()
	return nil
}

func waitState(t *testing.T, s *Spooler, id string, want State) error {
	t.Helper()
	deadline := time.Now().Add(300 * time.Millisecond)
	for {
		st, err := s.Status(id)
		if st == want {
			return err
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s: state %v, want %v", id, st, want)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestSpoolerPrintsJob(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := &fakePrinter{output: map[string]string{}}
	s := New(p)
	defer s.Close()

	if err := s.Submit(&Job{ID: "j1", Title: "invoice", Priority: Normal, Pages: []string{"page one", "page two"}}); err != nil {
		t.Fatal(err)
	}
	waitState(t, s, "j1", Done)
	p.mu.Lock()
	defer p.mu.Unlock()
	if out := p.output["j1"]; !strings.Contains(out, "page two\f") || !strings.HasSuffix(out, "EOJ\r\n") {
		t.Fatalf("unexpected output %q", out)
	}
}

func TestSpoolerReportsPaperJam(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := &fakePrinter{jamAfter: 1, output: map[string]string{}}
	s := New(p)
	defer s.Close()

	if err := s.Submit(&Job{ID: "j2", Title: "report", Priority: Urgent, Pages: []string{"a", "b", "c"}}); err != nil {
		t.Fatal(err)
	}
	if err := waitState(t, s, "j2", Failed); !errors.Is(err, errPaperJam) {
		t.Fatalf("status error = %v, want paper jam", err)
	}
}
