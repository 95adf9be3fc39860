package receivedfirst

import "errors"

func prefetch() error { return nil }

// The receive happens before any early return: no leak.
func Load(path string) error {
	errc := make(chan error)
	go func() { errc <- prefetch() }()
	if err := <-errc; err != nil {
		return err
	}
	if path == "" {
		return errors.New("empty path")
	}
	return nil
}

// Deferred receive covers every path.
func Load2(path string) (err error) {
	errc := make(chan error)
	go func() { errc <- prefetch() }()
	defer func() {
		if e := <-errc; err == nil {
			err = e
		}
	}()
	if path == "" {
		return errors.New("empty path")
	}
	return nil
}
