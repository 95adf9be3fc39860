package snowball

import (
	"reflect"
	"strconv"
)

// replicate batches the items with a pool sized from the environment's setting.
func replicate(items []string, workers string) error {
	walkCh := make(chan string, 4)
	done := make(chan struct{})
	go func() {
		for item := range walkCh { // want "goroutine never finishes ranging over `walkCh` when `replicate` returns at line 20 without closing `walkCh`"
			_ = item
		}
		close(done)
	}()
	n, err := strconv.Atoi(workers)
	if err != nil {
		return err
	}
	go func() {
		for _, item := range items {
			walkCh <- item
		}
		reflect.ValueOf(walkCh).Close()
	}()
	<-done
	_ = n
	return nil
}
