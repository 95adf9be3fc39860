package fixedselectgroup

import (
	"errors"
	"os"
)


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
			failed <- errSkipped // the caller decides what a missing file means
			return
		}
		if err != nil {
			failed <- err
			return
		}
		found <- in
	}()
	select {
	case in := <-found:
		return in, nil
	case err := <-failed:
		return info{}, err
	}
}
