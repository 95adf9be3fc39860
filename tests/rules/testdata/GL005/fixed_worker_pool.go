package fixedworkerpool

import (
	"errors"
	"strconv"
)

// run: _ = resizeAll([]string{"a", "", "c", "", "e"}, 2)

func resize(name string) error {
	if name == "" {
		return errors.New("empty name")
	}
	return nil
}

// resizeAll runs a fixed pool of workers over the names and stops at the first error.
func resizeAll(names []string, workers int) error {
	jobs := make(chan string)
	errs := make(chan error, len(names)) // every worker can always hand in its result
	for i := 0; i < workers; i++ {
		go func() {
			for name := range jobs {
				errs <- resize(name)
			}
		}()
	}
	go func() {
		for _, n := range names {
			jobs <- n
		}
		close(jobs)
	}()
	for i := range names {
		if err := <-errs; err != nil {
			return errors.New("image " + strconv.Itoa(i) + ": " + err.Error())
		}
	}
	return nil
}
