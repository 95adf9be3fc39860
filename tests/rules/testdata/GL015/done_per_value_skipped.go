package donepervalskipped

import "sync"

func ask(u string) []string { return nil }

// Gather's collector returns on an empty answer without marking it done: the
// waiter's Wait never returns, nothing closes answers, and the answers still
// coming wait for a reader. (No entry point: no single fix ends all three.)
func Gather(upstreams []string) <-chan struct{} {
	answers := make(chan []string)
	var pending sync.WaitGroup
	for _, u := range upstreams {
		u := u
		pending.Add(1)
		go func() {
			answers <- ask(u) // want "goroutine blocks forever sending on `answers`"
		}()
	}
	go func() {
		pending.Wait() // want "`pending.Wait\(\)` blocks forever"
		close(answers)
	}()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case got, ok := <-answers:
				if !ok || len(got) == 0 {
					return
				}
				pending.Done()
			}
		}
	}()
	return done
}
