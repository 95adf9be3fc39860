package transcode

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"
)

// Progress is one update from a worker.
type Progress struct {
	Frame   int
	Elapsed time.Duration // media time encoded so far
	Percent float64
}

// parseProgress reads a line like "frame=120 out_time=4.80 speed=2.1x".
// ok is false for lines that are not progress lines.
func parseProgress(line string, total float64) (p Progress, ok bool) {
	for _, field := range strings.Fields(line) {
		k, v, found := strings.Cut(field, "=")
		if !found {
			continue
		}
		switch k {
		case "frame":
			n, err := strconv.Atoi(v)
			if err != nil {
				return Progress{}, false
			}
			p.Frame = n
			ok = true
		case "out_time":
			s, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return Progress{}, false
			}
			p.Elapsed = time.Duration(s * float64(time.Second))
			if total > 0 {
				p.Percent = 100 * s / total
			}
		}
	}
	return p, ok
}

// watchProgress scans r in the background and hands each progress line to fn.
// The returned channel receives the scan error (or nil) once r reaches EOF.
func watchProgress(r io.Reader, total float64, fn func(Progress)) <-chan error {
	errc := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() { // leak: when the worker fails the pipe's writer is never closed, so the scan waits for more output forever
			if p, ok := parseProgress(sc.Text(), total); ok {
				fn(p)
			}
		}
		errc <- sc.Err()
	}()
	return errc
}
