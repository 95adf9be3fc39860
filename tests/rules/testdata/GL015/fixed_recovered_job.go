package fixedrecoveredjob

import (
	"log"
	"sync"
)


// RunAll survives a job that panics, but the panic skips that job's wg.Done.
func RunAll(jobs []func()) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func(job func()) {
			defer wg.Done() // also when the job panics
			defer func() {
				if r := recover(); r != nil {
					log.Print(r)
				}
			}()
			job()
		}(job)
	}
	wg.Wait()
}
