package drains

import "errors"

func fetch(u string) error {
	if u == "" {
		return errors.New("empty")
	}
	return nil
}

// Keeps the first error but drains every result: no leak.
func FetchAll(urls []string) error {
	errc := make(chan error)
	for _, u := range urls {
		go func(u string) { errc <- fetch(u) }(u)
	}
	var first error
	for range urls {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	return first
}
