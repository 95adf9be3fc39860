// Package labtrack tracks clinical lab samples from receipt to result: it
// routes each sample to an analyzer that can run its test, stores the
// results and escalates tests that miss their turnaround time.
package labtrack

import (
	"context"
	"errors"
	"time"
)

// Priority is the ordering clinician's urgency for a test.
type Priority int

// Priorities, from least to most urgent.
const (
	Routine Priority = iota
	Urgent
	Stat
)

func (p Priority) String() string {
	switch p {
	case Routine:
		return "routine"
	case Urgent:
		return "urgent"
	case Stat:
		return "STAT"
	}
	return "unknown"
}

// ErrNoAnalyzer means no configured analyzer runs the requested test.
var ErrNoAnalyzer = errors.New("labtrack: no analyzer for test")

// Sample is a labelled tube with one ordered test.
type Sample struct {
	ID          string
	PatientMRN  string
	TestCode    string
	Priority    Priority
	CollectedAt time.Time
}

// Result is an analyzer's measurement for a sample.
type Result struct {
	SampleID   string
	TestCode   string
	Analyzer   string
	Value      string
	Units      string
	Flag       string // e.g. "H", "L", "C" for critical
	ReportedAt time.Time
}

// Escalation notifies the lab supervisor about a test that needs attention.
type Escalation struct {
	SampleID string
	TestCode string
	Priority Priority
	Overdue  time.Duration
	Reason   string
}

// Analyzer is an instrument interface (usually via middleware) that runs
// tests on samples.
type Analyzer interface {
	Name() string
	Tests() []string
	Run(ctx context.Context, s Sample) (Result, error)
}

// ResultStore persists results to the laboratory information system.
type ResultStore interface {
	SaveResult(ctx context.Context, r Result) error
}

// Escalator pages or messages the people who must act on an escalation.
type Escalator interface {
	Escalate(ctx context.Context, e Escalation) error
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
}

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }
