package collector

import "errors"

// run: _ = FetchAll([]string{"bad", "bad", "bad"})

func fetch(u string) error {
	if u == "bad" {
		return errors.New("bad url")
	}
	return nil
}

func FetchAll(urls []string) error {
	errc := make(chan error)
	for _, u := range urls {
		go func(u string) {
			errc <- fetch(u) // want "goroutine is started once per loop iteration and blocks sending on `errc` once the collecting loop at line 21 returns early at line 23"
		}(u)
	}
	for range urls {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}
