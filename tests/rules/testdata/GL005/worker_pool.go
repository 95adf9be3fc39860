package workerpool

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
	errs := make(chan error)
	for i := 0; i < workers; i++ {
		go func() {
			for name := range jobs {
				errs <- resize(name) // want "goroutine is started once per loop iteration and blocks sending on `errs` once the collecting loop at line 34 returns early at line 36"
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
