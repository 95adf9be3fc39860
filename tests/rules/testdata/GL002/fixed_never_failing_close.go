package compress

import (
	"bytes"
	"io"
	"os/exec"
)

// NEVER_FAILS: (*io.PipeWriter).Close and (*bytes.Buffer).WriteString always return a
// nil error, so the early returns on their errors never abandon the goroutine.
func Compress(body []byte, out io.Writer) error {
	pr, pw := io.Pipe()
	done := make(chan error)
	go func() {
		cmd := exec.Command("xz", "-9", "-c")
		cmd.Stdin = pr
		cmd.Stdout = out
		done <- cmd.Run()
	}()
	_, _ = pw.Write(body)
	if err := pw.Close(); err != nil {
		return err
	}
	return <-done
}

func Render(lines []string, check func() error) (string, error) {
	var buf bytes.Buffer
	done := make(chan error)
	go func() { done <- check() }()
	for _, line := range lines {
		if _, err := buf.WriteString(line); err != nil {
			return "", err
		}
	}
	return buf.String(), <-done
}
