package structgroup

import "sync"

// run: go (&Batch{}).Run([]int{-1, 2})

type Batch struct {
	wg  sync.WaitGroup
	sum int
	mu  sync.Mutex
}

func (b *Batch) Run(xs []int) {
	for _, x := range xs {
		b.wg.Add(1)
		go func(x int) {
			if x < 0 {
				return
			}
			b.mu.Lock()
			b.sum += x
			b.mu.Unlock()
			b.wg.Done()
		}(x)
	}
	b.wg.Wait() // want "`b.wg.Wait\\(\\)` blocks forever: the goroutine started at line 16 returns at line 18 without calling `b.wg.Done\\(\\)`"
}
