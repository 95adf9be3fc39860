package selectgroup

import (
	"errors"
	"os"
)

// run: go func() { _, _ = Stat("/nonexistent/goleash") }()

var errSkipped = errors.New("skipped")

type info struct {
	size int64
}

func probe(path string) (info, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return info{}, err
	}
	return info{size: fi.Size()}, nil
}

// Stat probes path on a goroutine of its own.
func Stat(path string) (info, error) {
	found := make(chan info)
	failed := make(chan error)
	go func() {
		in, err := probe(path)
		if errors.Is(err, os.ErrNotExist) {
			return // a missing file is not worth reporting
		}
		if err != nil {
			failed <- err
			return
		}
		found <- in
	}()
	select { // want "`Stat` blocks forever in a select receiving from `found` and `failed`: the goroutine started at line 28 returns at line 31 without sending on any of them"
	case in := <-found:
		return in, nil
	case err := <-failed:
		return info{}, err
	}
}
