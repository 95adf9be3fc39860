package fresh

import (
	"fmt"
	"os"
)

// The deferred handler recovers only when recovery is on; otherwise the panic goes on
// and ends the process. The recovering path sends the panic as the result, so no
// panicking way out leaves the receive waiting (PANIC_GOES_ON; weaviate, audit 8).
func runK7(f func()) error {
	errc := make(chan error, 1)
	go func() {
		defer func() {
			if os.Getenv("NO_RECOVER") == "" {
				if r := recover(); r != nil {
					errc <- fmt.Errorf("panic: %v", r)
				}
			}
		}()
		f()
		errc <- nil
	}()
	return <-errc
}
