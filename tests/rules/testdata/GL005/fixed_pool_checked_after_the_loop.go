package fixedpoolcheckedafter

import (
	"errors"
	"fmt"
	"strings"
)


type encoded struct {
	name string
	body string
	err  error
}

func encode(name string) encoded {
	if name == "" {
		return encoded{err: errors.New("empty name")}
	}
	return encoded{name: name, body: strings.ToUpper(name)}
}

type archive struct{ parts []string }

func (a *archive) add(e encoded) { a.parts = append(a.parts, e.name+"="+e.body) }

func (a *archive) flush() error {
	if len(a.parts) == 0 {
		return errors.New("nothing to write")
	}
	return nil
}

// encodeAll encodes the names on a pool of workers and writes them to one archive.
func encodeAll(names []string, workers int) (*archive, error) {
	jobs := make(chan string, len(names))
	for _, n := range names {
		jobs <- n
	}
	close(jobs)
	results := make(chan encoded, len(names))
	for i := 0; i < workers; i++ {
		go func() {
			for name := range jobs {
				results <- encode(name)
			}
		}()
	}
	a := &archive{}
	for i := 0; i < len(names); i++ {
		e := <-results
		if e.err != nil {
			return nil, fmt.Errorf("part %d: %w", i, e.err)
		}
		a.add(e)
	}
	if err := a.flush(); err != nil {
		return nil, err
	}
	return a, nil
}
