package fixedpipelenttoarunner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
)

// Options says what to render and where to write it.
type Options struct {
	Name string
	Out  io.Writer
}

// Engine renders templates.
type Engine interface {
	Execute(ctx context.Context, opts Options) error
}

type failing struct{}

func (failing) Execute(context.Context, Options) error { return errors.New("template missing") }

// Render runs the engine and returns what it wrote.
func Render(ctx context.Context, e Engine, name string) (string, error) {
	pr, pw := io.Pipe()
	var buf bytes.Buffer
	copied := make(chan error, 1)
	go func() {
		_, err := io.Copy(&buf, pr)
		copied <- err
	}()
	if err := e.Execute(ctx, Options{Name: name, Out: pw}); err != nil {
		pw.CloseWithError(err)
		return "", fmt.Errorf("render %s: %w", name, err)
	}
	pw.Close()
	if err := <-copied; err != nil {
		return "", err
	}
	return buf.String(), nil
}
