// Package health probes a service's dependencies and builds a status report.
package health

import (
	"sync"
	"time"
)

// Probe checks one dependency.
type Probe struct {
	Name  string
	Check func() error
}

// Status is the outcome of one probe.
type Status struct {
	Name string
	OK   bool
	Msg  string
}

// Checker runs probes concurrently under a deadline.
type Checker struct {
	Deadline time.Duration
}

type report struct {
	mu       sync.Mutex
	statuses []Status
}

func (r *report) add(s Status) {
	r.mu.Lock()
	r.statuses = append(r.statuses, s)
	r.mu.Unlock()
}

// Run probes everything; probes still running at the deadline are reported as timed out.
func (c *Checker) Run(probes []Probe) []Status {
	var (
		wg  sync.WaitGroup
		rep report
	)
	for _, p := range probes {
		wg.Add(1)
		go func(p Probe) {
			defer wg.Done()
			if p.Check == nil {
				rep.add(Status{Name: p.Name, Msg: "no check configured"})
				return
			}
			err := p.Check()
			if err != nil {
				rep.add(Status{Name: p.Name, Msg: err.Error()})
			} else {
				rep.add(Status{Name: p.Name, OK: true})
			}
		}(p)
	}

	finished := make(chan struct{})
	go func() {
		wg.Wait()
		close(finished)
	}()

	select {
	case <-finished:
	case <-time.After(c.Deadline):
		rep.add(Status{Name: "checker", Msg: "deadline exceeded"})
	}
	rep.mu.Lock()
	defer rep.mu.Unlock()
	return append([]Status(nil), rep.statuses...)
}
