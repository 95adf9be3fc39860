package waitavailable

import (
	"sync"
	"time"
)

// WON_AFTER_WAIT: finish is closed only after wg.Wait, and the watcher defers
// wg.Done: when the finish case wins, the watcher has returned, and leaving
// without closing cancel abandons nobody.
func WaitAvailable(available func() bool, updates func() <-chan struct{}, timeout time.Duration) bool {
	finish := make(chan struct{})
	cancel := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !available() {
			select {
			case <-updates():
			case <-cancel:
				return
			}
		}
	}()
	go func() {
		defer close(finish)
		wg.Wait()
	}()
	select {
	case <-finish:
	case <-time.After(timeout):
		close(cancel)
	}
	return available()
}
