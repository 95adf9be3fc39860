package fixedsplitfarm

func (f *Farm) work() {
	for {
		f.mu.Lock()
		for len(f.jobs) == 0 && !f.draining {
			f.cond.Wait()
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
