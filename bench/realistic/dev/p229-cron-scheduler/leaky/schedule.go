package cron

import "time"

// Clock abstracts the passage of time so that schedulers can be driven
// deterministically in tests.
type Clock interface {
	Now() time.Time
	// NewTimer behaves like time.NewTimer, returning the timer's channel and
	// its Stop method.
	NewTimer(d time.Duration) (<-chan time.Time, func() bool)
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) NewTimer(d time.Duration) (<-chan time.Time, func() bool) {
	t := time.NewTimer(d)
	return t.C, t.Stop
}

// Schedule decides when a job should next run.
type Schedule interface {
	// Next returns the first activation strictly after t.
	Next(t time.Time) time.Time
}

type everySchedule struct {
	interval time.Duration
}

// Every returns a schedule that fires at a fixed interval, aligned to whole
// seconds. Intervals below one second are raised to one second.
func Every(d time.Duration) Schedule {
	if d < time.Second {
		d = time.Second
	}
	return everySchedule{interval: d.Round(time.Second)}
}

func (s everySchedule) Next(t time.Time) time.Time {
	return t.Truncate(time.Second).Add(s.interval)
}
