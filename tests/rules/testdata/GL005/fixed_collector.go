package collector

import "errors"

func fetch(u string) error {
	if u == "bad" {
		return errors.New("bad url")
	}
	return nil
}

func FetchAll(urls []string) error {
	errc := make(chan error, len(urls))
	for _, u := range urls {
		go func(u string) {
			errc <- fetch(u)
		}(u)
	}
	for range urls {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}
