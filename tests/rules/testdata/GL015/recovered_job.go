package recoveredjob

import (
	"log"
	"sync"
)

// run: go RunAll([]func(){func() {}, func() { panic("boom") }})

// RunAll survives a job that panics, but the panic skips that job's wg.Done.
func RunAll(jobs []func()) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func(job func()) {
			defer func() {
				if r := recover(); r != nil {
					log.Print(r)
				}
			}()
			job()
			wg.Done()
		}(job)
	}
	wg.Wait() // want "`wg.Wait\\(\\)` blocks forever: the goroutine started at line 15 skips `wg.Done\\(\\)` when a panic it recovers from stops it first"
}
