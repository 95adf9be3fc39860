package follow

import (
	"encoding/json"
	"errors"
	"io"
)

// run: _, _ = Sum([]string{`{"n":1}`, `{"n":-1}`, `{"n":2}`})

// ErrNegative is returned for a frame with a negative count.
var ErrNegative = errors.New("follow: negative count")

func pump(frames []string, w *io.PipeWriter) {
	for _, f := range frames {
		if _, err := w.Write([]byte(f)); err != nil { // want "goroutine blocks forever writing `pw` when `Sum` returns at line 38 without reading or closing `pr`"
			return
		}
	}
	w.Close()
}

// Sum decodes the frames and adds up their counts.
func Sum(frames []string) (int, error) {
	pr, pw := io.Pipe()
	go pump(frames, pw)
	dec := json.NewDecoder(pr)
	total := 0
	for {
		var v struct{ N int }
		if err := dec.Decode(&v); err != nil {
			if errors.Is(err, io.EOF) {
				return total, nil
			}
			return total, err
		}
		if v.N < 0 {
			return total, ErrNegative
		}
		total += v.N
	}
}
