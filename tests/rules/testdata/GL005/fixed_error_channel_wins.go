package fixederrorchannelwins

import (
	"errors"
	"strings"
	"sync"
	"time"
)

// run: _, _ = FetchAll([]string{"a", "bad", "c"}, slowUpper)

var errBad = errors.New("bad address")

// slowUpper stands in for a fetch: it fails at once on "bad", and takes a while otherwise.
func slowUpper(u string) (string, error) {
	if u == "bad" {
		return "", errBad
	}
	time.Sleep(10 * time.Millisecond)
	return strings.ToUpper(u), nil
}

// FetchAll fetches every address at once and fails on the first error; the bodies
// fetched after that wait in the buffer.
func FetchAll(urls []string, get func(string) (string, error)) ([]string, error) {
	results := make(chan string, len(urls)) // room for every body, read or not
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			body, err := get(u)
			if err != nil {
				select {
				case errs <- err:
				default:
				}
				return
			}
			results <- body
		}(u)
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var out []string
	for {
		select {
		case b, ok := <-results:
			if !ok {
				return out, nil
			}
			out = append(out, b)
		case err := <-errs:
			return nil, err
		}
	}
}
