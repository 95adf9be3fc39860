package loader

import "errors"

// One loader goroutine, started once, closes the queue only when it succeeds: on
// the error path the range below waits for the next value forever.
func load(paths []string, queue chan string) {
	for _, p := range paths {
		if p == "" {
			return
		}
		queue <- p
	}
	close(queue)
}

func Collect(paths []string) ([]string, error) {
	if len(paths) == 0 {
		return nil, errors.New("nothing to load")
	}
	queue := make(chan string)
	go load(paths, queue)
	var out []string
	for p := range queue { // want "never finishes ranging over `queue`"
		out = append(out, p)
	}
	return out, nil
}
