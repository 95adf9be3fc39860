package appended

import "strconv"

// Parse converts every field at once; it waits for all of them before it reports
// the first failure, so no converter is left sending.
func Parse(fields []string) ([]int, error) {
	results := make([]chan result, 0, len(fields))
	for _, f := range fields {
		ch := make(chan result)
		results = append(results, ch)
		go func(f string) {
			n, err := strconv.Atoi(f)
			ch <- result{n, err}
		}(f)
	}
	var first error
	out := make([]int, 0, len(fields))
	for _, ch := range results {
		r := <-ch
		if r.err != nil && first == nil {
			first = r.err
		}
		out = append(out, r.n)
	}
	if first != nil {
		return nil, first
	}
	return out, nil
}

type result struct {
	n   int
	err error
}

// Handed hands its channels to code that may drain them: out of sight.
func Handed(fields []string, drain func([]chan int)) error {
	chans := []chan int{}
	for _, f := range fields {
		ch := make(chan int)
		chans = append(chans, ch)
		go func(f string) { ch <- len(f) }(f)
	}
	drain(chans)
	for _, ch := range chans {
		if <-ch == 0 {
			return nil
		}
	}
	return nil
}
