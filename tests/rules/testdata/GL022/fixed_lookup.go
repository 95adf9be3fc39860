package lookup

import (
	"errors"
	"strings"
)

// run: go Lookup("")

type record struct{ name string }

type result struct {
	r   record
	err error
}

func find(key string) (record, error) {
	if key == "" {
		return record{}, errors.New("empty key")
	}
	return record{name: strings.ToUpper(key)}, nil
}

func Lookup(key string) string {
	found := make(chan result)
	go func() {
		r, err := find(key)
		found <- result{r, err}
	}()
	res := <-found
	if res.err != nil {
		return ""
	}
	return res.r.name
}
