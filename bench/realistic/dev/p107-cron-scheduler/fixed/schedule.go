// Package cron runs jobs on a schedule, each with its own timeout, and never
// runs two instances of the same job at once.
package cron

import (
	"fmt"
	"strings"
	"time"
)

// Schedule tells when a job should next run.
type Schedule interface {
	Next(after time.Time) time.Time
}

// Every runs a job at a fixed interval.
type Every time.Duration

// Next implements Schedule.
func (e Every) Next(after time.Time) time.Time { return after.Add(time.Duration(e)) }

// Parse understands "@every <duration>", "@hourly" and "@daily".
func Parse(spec string) (Schedule, error) {
	switch {
	case spec == "@hourly":
		return Every(time.Hour), nil
	case spec == "@daily":
		return Every(24 * time.Hour), nil
	case strings.HasPrefix(spec, "@every "):
		d, err := time.ParseDuration(strings.TrimPrefix(spec, "@every "))
		if err != nil {
			return nil, fmt.Errorf("parse %q: %w", spec, err)
		}
		if d <= 0 {
			return nil, fmt.Errorf("parse %q: interval must be positive", spec)
		}
		return Every(d), nil
	}
	return nil, fmt.Errorf("parse %q: unsupported spec", spec)
}
