package hooks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeExec map[string]func(out io.Writer) error

func (f fakeExec) Exec(ctx context.Context, path string, args []string, out io.Writer) error {
	run, ok := f[path]
	if !ok {
		return &fs.PathError{Op: "fork/exec", Path: path, Err: fs.ErrNotExist}
	}
	return run(out)
}

func TestPreCommitReportsUnstartableScript(t *testing.T) {
	defer goleak.VerifyNone(t)

	exec := fakeExec{
		".githooks/pre-commit.d/gofmt": func(out io.Writer) error {
			fmt.Fprintln(out, "checking 12 files")
			return nil
		},
		".githooks/pre-commit.d/lint": func(out io.Writer) error {
			fmt.Fprintln(out, "main.go:3: exported func lacks doc comment")
			return &ExitError{Code: 1}
		},
		".githooks/pre-commit.d/secrets": func(out io.Writer) error {
			return &fs.PathError{Op: "fork/exec", Path: ".githooks/pre-commit.d/secrets", Err: fs.ErrPermission}
		},
	}
	var out bytes.Buffer
	r := NewRunner(&out, WithExecutor(exec), WithParallelism(2), WithTimeout(time.Second))
	results, err := r.Run(context.Background(), "pre-commit", []Script{
		{Name: "gofmt", Path: ".githooks/pre-commit.d/gofmt"},
		{Name: "lint", Path: ".githooks/pre-commit.d/lint"},
		{Name: "secrets", Path: ".githooks/pre-commit.d/secrets"},
	})
	if err == nil {
		t.Fatal("want the hook to fail")
	}
	if !errors.Is(results[2].Err, fs.ErrPermission) {
		t.Fatalf("want permission error for the non-executable script, got %v", results[2].Err)
	}
	if results[1].ExitCode != 1 || results[2].ExitCode != -1 {
		t.Fatalf("unexpected exit codes: %+v", results)
	}
	if !strings.Contains(out.String(), "[lint] main.go:3") {
		t.Fatalf("lint output missing from:\n%s", out.String())
	}
}
