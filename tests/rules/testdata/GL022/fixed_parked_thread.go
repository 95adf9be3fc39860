package ns

import (
	"log"
	"runtime"
)

// When a namespace cannot be restored, the thread must never run other goroutines:
// the goroutine parks on a channel made for that alone (DELIBERATE_PARK).
func runInNamespace(enter func() (restore func() error, err error)) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		restore, err := enter()
		errc <- err
		if err != nil {
			return
		}
		if err := restore(); err != nil {
			log.Printf("cannot restore the namespace, parking the thread: %v", err)
			park := make(chan struct{})
			<-park
		}
	}()
	return <-errc
}
