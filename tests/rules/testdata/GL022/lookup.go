package lookup

import (
	"errors"
	"strings"
)

// run: go Lookup("")

type record struct{ name string }

func find(key string) (record, error) {
	if key == "" {
		return record{}, errors.New("empty key")
	}
	return record{name: strings.ToUpper(key)}, nil
}

func Lookup(key string) string {
	found := make(chan record)
	go func() {
		r, err := find(key)
		if err != nil {
			return
		}
		found <- r
	}()
	r := <-found // want "`Lookup` blocks forever receiving from `found`: the goroutine started at line 21 returns at line 24 without sending on `found`"
	return r.name
}
