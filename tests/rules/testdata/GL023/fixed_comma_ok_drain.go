package fixedcommaokdrain

import "time"

// A helper's goroutine drains its input with `v, ok := <-in` until it is closed or
// a final marker arrives, batching by a timer the caller provides (called again and
// again: a callback, not work run on a goroutine of its own).

type Line struct {
	Kind string
	Text string
}

func batch(in <-chan Line, timer func(time.Duration) <-chan time.Time) <-chan []Line {
	out := make(chan []Line)
	go func() {
		defer close(out)
		var pending []Line
		var tick <-chan time.Time
		for {
			select {
			case l, ok := <-in:
				if !ok {
					if len(pending) > 0 {
						out <- pending
					}
					return
				}
				if l.Kind == "eof" {
					out <- append(pending, l)
					return
				}
				pending = append(pending, l)
				if tick == nil {
					tick = timer(time.Millisecond)
				}
			case <-tick:
				out <- pending
				pending, tick = nil, nil
			}
		}
	}()
	return out
}

func Collect() int {
	in := make(chan Line)
	go func() {
		in <- Line{Kind: "out", Text: "a"}
		in <- Line{Kind: "out", Text: "b"}
		in <- Line{Kind: "err", Text: "c"}
		close(in)
	}()
	never := make(chan time.Time)
	n := 0
	for b := range batch(in, func(d time.Duration) <-chan time.Time { return never }) {
		n += len(b)
	}
	return n
}
