package fixed_recovered_worker

import (
	"fmt"
	"sync"
	"time"
)

// run: _ = Resize([]string{"a.png", "broken.png"}, func(name string) int { if name == "broken.png" { panic("bad header") }; return len(name) })

type job struct {
	name string
	size int
}

func (j *job) recoverDecoder() {
	if r := recover(); r != nil {
		fmt.Println("resize:", j.name, "skipped:", r)
	}
}

// Resize decodes every image concurrently; a decoder that panics skips its image.
func Resize(names []string, decode func(string) int) []job {
	out := make(chan job, len(names))
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func(j *job) {
			defer wg.Done()
			defer j.recoverDecoder()
			j.size = decode(j.name)
			out <- *j
		}(&job{name: n})
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	var jobs []job
	timeout := time.After(100 * time.Millisecond)
	for {
		select {
		case j, ok := <-out:
			if !ok {
				return jobs
			}
			jobs = append(jobs, j)
		case <-timeout:
			return jobs // the caller has waited long enough
		}
	}
}
