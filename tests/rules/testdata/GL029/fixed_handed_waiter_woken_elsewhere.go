package fixedhandedwaiterwokenelsewhere

import "sync"

// job is one job of a batch, waited on by its own goroutine.
type job struct {
	mu     sync.Mutex
	cond   *sync.Cond
	done   bool
	killed bool
}

// kill marks the job and hands it to wake, which wakes its waiter (NO_WAKE_IN_THE_SETTER:
// a function handed the variable may wake it).
func kill(j *job, wake func(*job)) {
	j.mu.Lock()
	j.killed = true
	j.mu.Unlock()
	wake(j)
}

func broadcast(j *job) { j.cond.Broadcast() }

// finish marks the job done and wakes its waiter through a local taken from it.
func finish(j *job) {
	j.mu.Lock()
	j.done = true
	c := j.cond
	j.mu.Unlock()
	c.Broadcast()
}

func wait(j *job) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for !j.done && !j.killed {
		j.cond.Wait()
	}
}

func run(n int) {
	jobs := make([]*job, n)
	for i := range jobs {
		jobs[i] = &job{}
		jobs[i].cond = sync.NewCond(&jobs[i].mu)
		go wait(jobs[i])
	}
	for i, j := range jobs {
		if i%2 == 0 {
			kill(j, broadcast)
		} else {
			finish(j)
		}
	}
}
