package arraycount

import "sync"

func fetch(i int) error { return nil }

// UpdateBoth runs two updates, one result slot each: the group counts the
// slots of a fixed array, exactly the two goroutines started.
func UpdateBoth() error {
	var es [2]error
	var wg sync.WaitGroup
	wg.Add(len(es))
	go func() {
		defer wg.Done()
		es[0] = fetch(0)
	}()
	go func() {
		defer wg.Done()
		es[1] = fetch(1)
	}()
	wg.Wait()
	if es[0] != nil {
		return es[0]
	}
	return es[1]
}

// UpdateAll starts one goroutine per slot of an array literal.
func UpdateAll() []error {
	errs := [...]error{nil, nil, nil}
	var wg sync.WaitGroup
	wg.Add(3)
	for i := range errs {
		go func(i int) {
			defer wg.Done()
			errs[i] = fetch(i)
		}(i)
	}
	wg.Wait()
	return errs[:]
}
