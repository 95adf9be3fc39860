package hang

import "sync"

// Run calls each job in its own goroutine and waits for all of them, plus the
// reserved slots a caller asked for: a slot nobody fills keeps Run waiting for
// ever. Nothing in this package shows it: only a run can.
func Run(jobs []func()) {
	var wg sync.WaitGroup
	wg.Add(len(jobs) + reserved)
	for _, job := range jobs {
		go func(job func()) {
			defer wg.Done()
			job()
		}(job)
	}
	wg.Wait()
}
