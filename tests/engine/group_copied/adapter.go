package adapter

import "sync"

type job struct {
	v       int
	results chan<- int
	wg      *sync.WaitGroup
}

func (j *job) Done() {
	j.results <- j.v
	j.wg.Done()
}

type adapter struct {
	jobChan chan *job
	jobWait *sync.WaitGroup
}

func newAdapter() *adapter { return &adapter{jobWait: new(sync.WaitGroup)} }

func (a *adapter) Begin(n int) {
	a.jobChan = make(chan *job, 100)
	for i := 0; i < n; i++ {
		go a.worker()
	}
}

func (a *adapter) worker() {
	for j := range a.jobChan {
		j.Done()
	}
}

func (a *adapter) Add(vs ...int) <-chan int {
	results := make(chan int, len(vs))
	a.jobWait.Add(len(vs))
	go func() {
		for _, v := range vs {
			a.jobChan <- &job{v, results, a.jobWait}
		}
		a.jobWait.Wait()
		close(results)
	}()
	return results
}

func (a *adapter) End() {
	a.jobWait.Wait()
	close(a.jobChan)
}
