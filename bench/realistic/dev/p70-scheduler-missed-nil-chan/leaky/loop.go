package schedule

import (
	"time"
)

func (s *Scheduler) loop() {
	t := time.NewTicker(s.tick)
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case now := <-t.C:
			for _, e := range s.jobs {
				if !now.Before(e.next) {
					s.start(e, now)
				}
			}
		case name := <-s.trigger:
			s.start(s.jobs[name], time.Now())
		case name := <-s.done:
			s.jobs[name].running = false
		}
	}
}

func (s *Scheduler) start(e *entry, now time.Time) {
	e.next = now.Add(e.job.Interval)
	if e.running {
		s.missed <- Missed{Job: e.job.Name, At: now, Since: e.started} // leak: without WithMissedRuns the channel is nil and this send blocks the scheduler loop forever
		return
	}
	e.running = true
	e.started = now
	s.runs.Add(1)
	go func(j Job) {
		defer s.runs.Done()
		if err := j.Run(s.ctx); err != nil {
			s.onError(j.Name, err)
		}
		select {
		case s.done <- j.Name:
		case <-s.ctx.Done():
		}
	}(e.job)
}
