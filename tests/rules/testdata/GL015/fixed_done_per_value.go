package doneperval

import "sync"

func ask(u string) []string { return []string{u} }

// Gather asks every upstream; the collector marks each answer done, and the
// waiter closes the channel only once every answer was marked. The collector's
// return without Done needs that close, which comes after the very Wait.
func Gather(upstreams []string) <-chan struct{} {
	answers := make(chan []string)
	var pending sync.WaitGroup
	for _, u := range upstreams {
		u := u
		pending.Add(1)
		go func() {
			answers <- ask(u)
		}()
	}
	go func() {
		pending.Wait()
		close(answers)
	}()
	done := make(chan struct{})
	go func() {
		defer close(done)
		seen := map[string]bool{}
		for {
			select {
			case got, ok := <-answers:
				if !ok {
					return
				}
				for _, g := range got {
					seen[g] = true
				}
				pending.Done()
			}
		}
	}()
	return done
}
