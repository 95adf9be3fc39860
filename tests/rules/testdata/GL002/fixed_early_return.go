package early

import "errors"

func prefetch() error { return nil }

func Load(path string) error {
	errc := make(chan error, 1)
	go func() { errc <- prefetch() }()
	if path == "" {
		return errors.New("empty path")
	}
	return <-errc
}
