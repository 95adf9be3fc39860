package wordcount

import (
	"bufio"
	"errors"
	"io"
)

// run: _, _ = Count(bufio.NewScanner(errReader{}))

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk gone") }

// tally counts the bytes of every line it receives until lines is closed.
func tally(lines <-chan string, total chan<- int) {
	n := 0
	for {
		line, ok := <-lines // want "goroutine `tally` never finishes receiving from `lines` when `Count` returns at line 37 without closing `lines`"
		if !ok {
			total <- n
			return
		}
		n += len(line)
	}
}

// Count returns how many bytes the scanner's lines hold.
func Count(sc *bufio.Scanner) (int, error) {
	lines := make(chan string)
	total := make(chan int, 1)
	go tally(lines, total)
	for sc.Scan() {
		lines <- sc.Text()
	}
	if err := sc.Err(); err != nil && err != io.EOF {
		return 0, err
	}
	close(lines)
	return <-total, nil
}
