package splitfarm

func (f *Farm) work() {
	for {
		f.mu.Lock()
		for len(f.jobs) == 0 && !f.draining {
			f.cond.Wait() // want "`f.cond.Wait\\(\\)` may never return: `Close` sets `f.draining`"
		}
		if len(f.jobs) == 0 {
			f.mu.Unlock()
			return
		}
		job := f.jobs[0]
		f.jobs = f.jobs[1:]
		f.mu.Unlock()
		job()
	}
}
