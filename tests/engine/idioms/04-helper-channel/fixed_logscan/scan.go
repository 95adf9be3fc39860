package fixed_logscan

import (
	"bufio"
	"io"
)

// run: _, _ = FirstError(strings.NewReader("boot ok\nERROR disk full\nretrying\nERROR disk full\n"))

// lines streams r line by line until the input ends or done is closed.
func lines(done <-chan struct{}, r io.Reader) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			select {
			case out <- sc.Text():
			case <-done:
				return
			}
		}
	}()
	return out
}
