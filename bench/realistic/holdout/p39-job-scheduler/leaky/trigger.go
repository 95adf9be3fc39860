package sched

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Trigger decides when a job runs next.
type Trigger interface {
	// Next returns the first firing time strictly after t.
	Next(t time.Time) time.Time
}

// Every fires at a fixed interval.
type Every time.Duration

// Next implements Trigger.
func (e Every) Next(t time.Time) time.Time { return t.Add(time.Duration(e)) }

// Daily fires once a day at the given wall-clock time, in t's location.
type Daily struct{ Hour, Minute int }

// Next implements Trigger.
func (d Daily) Next(t time.Time) time.Time {
	n := time.Date(t.Year(), t.Month(), t.Day(), d.Hour, d.Minute, 0, 0, t.Location())
	if !n.After(t) {
		n = n.AddDate(0, 0, 1)
	}
	return n
}

// ErrPermanent marks a job error that retrying will not fix.
var ErrPermanent = errors.New("permanent failure")

// retry runs job until it succeeds, fails permanently, ctx is done or the
// attempts are used up, sleeping with exponential backoff in between.
func retry(ctx context.Context, attempts int, backoff time.Duration, job Job) error {
	var err error
	for i := 0; i < attempts; i++ {
		if err = job(ctx); err == nil || errors.Is(err, ErrPermanent) {
			return err
		}
		if i == attempts-1 {
			break
		}
		t := time.NewTimer(backoff << i)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
	return fmt.Errorf("after %d attempts: %w", attempts, err)
}
