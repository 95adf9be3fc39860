package fixedpipereaderquits

import (
	"bufio"
	"context"
	"errors"
	"io"
	"strings"
)

// run: _ = CountUntilBlank(context.Background(), 50); _ = FirstError([]string{"ok", "error: disk", "ok", "ok"}); _ = Lines([]string{"a", "b"})

// numbers streams n lines, the third one blank; the caller reads them to the end or
// closes the reader.
func numbers(n int) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		for i := 0; i < n; i++ {
			line := "x\n"
			if i == 2 {
				line = "\n"
			}
			if _, err := io.WriteString(pw, line); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		pw.Close()
	}()
	return pr
}

var errBlank = errors.New("blank line")

// CountUntilBlank reads lines up to the first blank one, or until ctx is done.
func CountUntilBlank(ctx context.Context, n int) error {
	body := numbers(n)
	defer body.Close()
	counted := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(body)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) == "" {
				counted <- errBlank
				return
			}
		}
		counted <- sc.Err()
	}()
	select {
	case err := <-counted:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// FirstError returns the first line of the log that starts with "error:".
func FirstError(log []string) string {
	pr, pw := io.Pipe()
	defer pr.Close()
	go func() {
		for _, l := range log {
			if _, err := io.WriteString(pw, l+"\n"); err != nil {
				return
			}
		}
		pw.Close()
	}()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "error:") {
				found <- sc.Text()
				return
			}
		}
		found <- ""
	}()
	return <-found
}

// Lines counts the log's lines: its reading goroutine scans the pipe to the end.
func Lines(log []string) int {
	pr, pw := io.Pipe()
	go func() {
		for _, l := range log {
			if _, err := io.WriteString(pw, l+"\n"); err != nil {
				return
			}
		}
		pw.Close()
	}()
	count := make(chan int, 1)
	go func() {
		n := 0
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			n++
		}
		count <- n
	}()
	return <-count
}
