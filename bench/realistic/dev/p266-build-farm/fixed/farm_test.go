package buildfarm

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

// chanStream replays prepared chunks and then returns final.
type chanStream struct {
	chunks chan []byte
	final  error
}

func newChanStream(final error, chunks ...string) *chanStream {
	s := &chanStream{chunks: make(chan []byte, len(chunks)), final: final}
	for _, c := range chunks {
		s.chunks <- []byte(c)
	}
	close(s.chunks)
	return s
}

func (s *chanStream) Recv() ([]byte, error) {
	if c, ok := <-s.chunks; ok {
		return c, nil
	}
	return nil, s.final
}

type fakeAgent struct {
	mu      sync.Mutex
	streams map[string]*chanStream
	aborted []string
}

func (a *fakeAgent) Start(_ context.Context, job Job) (LogStream, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s, ok := a.streams[job.ID]
	if !ok {
		return nil, errors.New("unknown job")
	}
	return s, nil
}

func (a *fakeAgent) Abort(_ context.Context, jobID string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.aborted = append(a.aborted, jobID)
	return nil
}

type memSink struct {
	mu    sync.Mutex
	lines map[string][]string
}

func (s *memSink) Append(_ context.Context, jobID string, _ int, line string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lines[jobID] = append(s.lines[jobID], line)
	return nil
}

func TestDispatchAbortsJobOverLogLimit(t *testing.T) {
	defer goleak.VerifyNone(t)

	sink := &memSink{lines: make(map[string][]string)}
	s, err := New(Config{Sink: sink, MaxLogBytes: 64})
	if err != nil {
		t.Fatal(err)
	}
	agent := &fakeAgent{streams: map[string]*chanStream{
		"build-1": newChanStream(io.EOF, "fetching deps\n", "compiling\nok\n"),
		"build-2": newChanStream(io.EOF,
			"go test ./...\n",
			strings.Repeat("=", 80)+"\n",
			"--- FAIL: TestFlaky\n",
			"FAIL\n",
		),
	}}
	s.Register("agent-a", []string{"linux"}, agent)
	s.Submit(Job{ID: "build-1", Repo: "git@example.com:shop/api.git", Commit: "a1b2c3", Labels: []string{"linux"}})
	s.Submit(Job{ID: "build-2", Repo: "git@example.com:shop/api.git", Commit: "d4e5f6", Labels: []string{"linux"}})

	ctx := context.Background()
	out, err := s.Dispatch(ctx)
	if err != nil {
		t.Fatalf("Dispatch: %v", err)
	}
	if out.Status != Succeeded || out.Lines != 3 {
		t.Fatalf("build-1 outcome = %+v", out)
	}

	out, err = s.Dispatch(ctx)
	if err != nil {
		t.Fatalf("Dispatch: %v", err)
	}
	if out.Status != Failed || !errors.Is(out.Err, ErrLogLimit) {
		t.Fatalf("build-2 outcome = %+v, want failed with ErrLogLimit", out)
	}
	if len(agent.aborted) != 1 || agent.aborted[0] != "build-2" {
		t.Fatalf("aborted = %v", agent.aborted)
	}
	if _, err := s.Dispatch(ctx); !errors.Is(err, ErrQueueEmpty) {
		t.Fatalf("Dispatch on empty queue: %v", err)
	}
}
