package reviewbot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type fakeHost struct {
	files   []ChangedFile
	postErr error

	mu     sync.Mutex
	posted []Comment
}

func (h *fakeHost) ChangedFiles(context.Context, PullRequest) ([]ChangedFile, error) {
	return h.files, nil
}

func (h *fakeHost) PostComment(_ context.Context, _ PullRequest, c Comment) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.postErr != nil {
		return h.postErr
	}
	h.posted = append(h.posted, c)
	return nil
}

// todoLinter flags every TODO comment.
type todoLinter struct{}

func (todoLinter) Name() string { return "todo" }

func (todoLinter) Supports(path string) bool { return strings.HasSuffix(path, ".go") }

func (todoLinter) Lint(_ context.Context, f ChangedFile) ([]Finding, error) {
	var out []Finding
	for i, line := range strings.Split(string(f.Content), "\n") {
		if strings.Contains(line, "TODO") {
			out = append(out, Finding{Rule: "no-todo", Line: i + 1, Severity: Warning, Message: "resolve TODO before merging"})
		}
	}
	return out, nil
}

func TestReviewAbortsWhenPullRequestClosed(t *testing.T) {
	defer goleak.VerifyNone(t)

	var files []ChangedFile
	for i := 0; i < 4; i++ {
		files = append(files, ChangedFile{
			Path:    fmt.Sprintf("internal/svc/handler%d.go", i),
			Status:  Added,
			Content: []byte("package svc\n\n// TODO: validate input\nfunc Handle() {}\n"),
		})
	}
	host := &fakeHost{
		files:   files,
		postErr: fmt.Errorf("HTTP 422: %w", ErrPullRequestClosed),
	}
	bot, err := New(Config{Host: host, Linters: []Linter{todoLinter{}}, Concurrency: 2})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	rep, err := bot.Review(context.Background(), PullRequest{Repo: "acme/api", Number: 812, HeadSHA: "9f1c2e7"})
	if !errors.Is(err, ErrPullRequestClosed) {
		t.Fatalf("Review error = %v, want ErrPullRequestClosed", err)
	}
	if rep.Posted != 0 || rep.LintRuns != 4 {
		t.Fatalf("report = %+v, want 4 lint runs and nothing posted", rep)
	}
}
