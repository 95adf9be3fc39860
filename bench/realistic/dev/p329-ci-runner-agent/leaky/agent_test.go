package agent

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeCoordinator struct {
	mu        sync.Mutex
	queue     []*Job
	completed []JobResult
}

func (c *fakeCoordinator) Poll(ctx context.Context, agentID string) (*Job, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.queue) == 0 {
		return nil, ErrNoJob
	}
	job := c.queue[0]
	c.queue = c.queue[1:]
	return job, nil
}

func (c *fakeCoordinator) Complete(ctx context.Context, res JobResult) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.completed = append(c.completed, res)
	return nil
}

// fakeExecutor prints the step command and exits 0, except for steps named
// in hang, which print a line and then run until their context ends.
type fakeExecutor struct {
	hang map[string]bool
}

func (e *fakeExecutor) Run(ctx context.Context, step Step, env map[string]string, out io.Writer) (int, error) {
	if _, err := fmt.Fprintf(out, "$ %s (token=%s)\n", strings.Join(step.Command, " "), env["DEPLOY_TOKEN"]); err != nil {
		return -1, err
	}
	if e.hang[step.Name] {
		<-ctx.Done()
		return -1, ctx.Err()
	}
	return 0, nil
}

type fakeSink struct {
	mu     sync.Mutex
	chunks map[string][]string
}

func (s *fakeSink) Append(ctx context.Context, jobID, step string, seq int, chunk []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.chunks == nil {
		s.chunks = make(map[string][]string)
	}
	s.chunks[step] = append(s.chunks[step], string(chunk))
	return nil
}

func (s *fakeSink) get(step string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.chunks[step]...)
}

func TestRunOnceReportsTimedOutStep(t *testing.T) {
	defer goleak.VerifyNone(t)

	coord := &fakeCoordinator{queue: []*Job{{
		ID:      "job-42",
		Repo:    "git.example.com/shop/api",
		Ref:     "refs/heads/main",
		Secrets: map[string]string{"DEPLOY_TOKEN": "s3cr3t-t0ken"},
		Steps: []Step{
			{Name: "build", Command: []string{"go", "build", "./..."}},
			{Name: "integration", Command: []string{"go", "test", "-tags=integration", "./..."}, Timeout: 20 * time.Millisecond},
			{Name: "deploy", Command: []string{"./deploy.sh"}},
		},
	}}}
	exec := &fakeExecutor{hang: map[string]bool{"integration": true}}
	sink := &fakeSink{}

	a, err := New("runner-7", coord, exec, sink, WithStepTimeout(time.Minute))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ran, err := a.RunOnce(context.Background())
	if err != nil {
		t.Fatalf("RunOnce: %v", err)
	}
	if !ran {
		t.Fatal("RunOnce did not run the queued job")
	}

	if len(coord.completed) != 1 {
		t.Fatalf("got %d completed jobs, want 1", len(coord.completed))
	}
	res := coord.completed[0]
	if res.Succeeded {
		t.Error("job reported as succeeded")
	}
	want := []StepStatus{StepSucceeded, StepTimedOut, StepSkipped}
	if len(res.Steps) != len(want) {
		t.Fatalf("got %d step results, want %d", len(res.Steps), len(want))
	}
	for i, st := range want {
		if res.Steps[i].Status != st {
			t.Errorf("step %q: status %q, want %q", res.Steps[i].Name, res.Steps[i].Status, st)
		}
	}

	build := strings.Join(sink.get("build"), "")
	if !strings.Contains(build, "go build ./...") {
		t.Errorf("build log %q does not contain the command", build)
	}
	if strings.Contains(build, "s3cr3t-t0ken") {
		t.Errorf("build log %q exposes the deploy token", build)
	}
}
