package workers

import "errors"

// run: Check([]string{"a", "", "c", "d"})

const maxWorkers = 4

func ping(host string) error {
	if host == "" {
		return errors.New("no host")
	}
	return nil
}

func Check(hosts []string) {
	errs := make(chan error, maxWorkers)
	for i := 0; i < 4; i++ {
		go func(i int) {
			errs <- ping(hosts[i])
		}(i)
	}
}
