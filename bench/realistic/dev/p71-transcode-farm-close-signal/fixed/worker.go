package transcode

import "fmt"

func (f *Farm) next() (Task, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for len(f.queue) == 0 && !f.closed {
		f.idle++
		f.cond.Wait()
		f.idle--
	}
	if len(f.queue) == 0 {
		return Task{}, false
	}
	t := f.queue[0]
	f.queue = f.queue[1:]
	return t, true
}

func (f *Farm) worker() {
	for {
		t, ok := f.next()
		if !ok {
			return
		}
		err := f.enc.Encode(t)
		f.mu.Lock()
		if err != nil {
			f.failed = append(f.failed, fmt.Errorf("%s -> %s: %w", t.Source, t.Target, err))
		}
		f.done++
		f.mu.Unlock()
	}
}
