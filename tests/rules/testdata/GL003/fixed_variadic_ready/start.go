package services

import "sync"

type Set struct {
	wg      sync.WaitGroup
	runners map[string]*Runner
}

// Start runs every named service and returns once each one has started.
func (s *Set) Start(names ...string) {
	for _, name := range names {
		r, ok := s.runners[name]
		if !ok {
			continue
		}
		started := make(chan struct{})
		s.wg.Add(1)
		go func(r *Runner) {
			defer s.wg.Done()
			_ = r.Run(started)
		}(r)
		<-started
	}
}
