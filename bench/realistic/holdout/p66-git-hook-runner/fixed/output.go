package hooks

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"sync"
)

// Executor runs one script, sending its combined output to out.
type Executor interface {
	Exec(ctx context.Context, path string, args []string, out io.Writer) error
}

// ExitError reports a script that ran and exited with a non-zero status.
type ExitError struct {
	Code int
}

func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

type osExecutor struct{}

func (osExecutor) Exec(ctx context.Context, path string, args []string, out io.Writer) error {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdout = out
	cmd.Stderr = out
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return &ExitError{Code: ee.ExitCode()}
	}
	return err
}

// lineWriter interleaves the output of concurrent scripts line by line.
type lineWriter struct {
	mu  sync.Mutex
	dst io.Writer
}

func (l *lineWriter) writeLine(prefix, line string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.dst, "[%s] %s\n", prefix, line)
}

// prefixed returns a writer for one script's output. Each complete line is
// copied to the shared output with the script name in front. After closing the
// writer, call flushed to wait until the last line has been copied.
func (l *lineWriter) prefixed(name string) (io.WriteCloser, func()) {
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			l.writeLine(name, sc.Text())
		}
		pr.CloseWithError(sc.Err())
	}()
	return pw, func() { <-done }
}
