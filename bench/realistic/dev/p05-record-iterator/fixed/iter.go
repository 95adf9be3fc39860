// Package records streams decoded records out of a line-oriented log.
package records

import (
	"bufio"
	"io"
	"strings"
)

// Record is one parsed line: "key=value key=value".
type Record map[string]string

// Iterator yields records decoded in the background.
type Iterator struct {
	items chan Record
	stop  chan struct{}
	err   error
	cur   Record
}

// Stream starts decoding r; call Next until it returns false.
func Stream(r io.Reader) *Iterator {
	it := &Iterator{items: make(chan Record), stop: make(chan struct{})}
	go it.decode(bufio.NewScanner(r))
	return it
}

func (it *Iterator) decode(sc *bufio.Scanner) {
	defer close(it.items)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		select {
		case it.items <- parse(line):
		case <-it.stop:
			return
		}
	}
	it.err = sc.Err()
}

// Next advances to the next record.
func (it *Iterator) Next() bool {
	rec, ok := <-it.items
	it.cur = rec
	return ok
}

// Close stops the decoder; call it when you stop before Next returns false.
func (it *Iterator) Close() { close(it.stop) }

// Record returns the current record.
func (it *Iterator) Record() Record { return it.cur }

// Err reports a read error once Next has returned false.
func (it *Iterator) Err() error { return it.err }

func parse(line string) Record {
	rec := Record{}
	for _, field := range strings.Fields(line) {
		k, v, _ := strings.Cut(field, "=")
		rec[k] = v
	}
	return rec
}

// FindFirst returns the first record whose key has the given value.
func FindFirst(r io.Reader, key, value string) (Record, bool) {
	it := Stream(r)
	defer it.Close()
	for it.Next() {
		if rec := it.Record(); rec[key] == value {
			return rec, true
		}
	}
	return nil, false
}
