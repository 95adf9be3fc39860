package hang

import "sync"

// Run calls each job in its own goroutine and waits; a job that panics is
// recovered, but then skips wg.Done and Run waits for ever.
func Run(jobs []func()) {
	var wg sync.WaitGroup
	wg.Add(len(jobs))
	for _, job := range jobs {
		go func(job func()) {
			defer func() { recover() }()
			job()
			wg.Done()
		}(job)
	}
	wg.Wait()
}
