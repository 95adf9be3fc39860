package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"

	"go.uber.org/goleak"
)

func TestVersionCommand(t *testing.T) {
	defer goleak.VerifyNone(t)
	var out, errs bytes.Buffer
	app := &App{
		Name: "invctl",
		Commands: []Command{{
			Name:    "version",
			Summary: "print the version",
			Run: func(_ context.Context, _ []string, w io.Writer) error {
				_, err := fmt.Fprintln(w, "invctl 1.4.2")
				return err
			},
		}},
		Stdout: &out,
		Stderr: &errs,
	}
	if code := app.Main([]string{"-timeout", "1s", "version"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	if out.String() != "invctl 1.4.2\n" {
		t.Fatalf("stdout %q", out.String())
	}
}
