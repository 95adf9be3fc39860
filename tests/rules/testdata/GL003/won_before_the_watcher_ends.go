package waitavailableearly

import (
	"sync"
	"time"
)

// wg counts the loader, not the watcher: finish may win while the watcher still
// waits on cancel, which nothing closes then.
func LoadAndWatch(load func(), available func() bool, updates func() <-chan struct{}, timeout time.Duration) bool {
	finish := make(chan struct{})
	cancel := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		load()
	}()
	go func() {
		for !available() {
			select { // want "blocks forever receiving from `cancel` when `LoadAndWatch` returns"
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
