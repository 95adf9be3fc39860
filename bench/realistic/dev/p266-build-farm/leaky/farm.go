// Package buildfarm schedules build jobs onto remote build agents, streams
// their logs into a log store and requeues work when an agent disappears.
package buildfarm

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Job is a unit of build work.
type Job struct {
	ID     string
	Repo   string
	Commit string
	// Labels an agent must carry to run the job, e.g. "linux", "arm64".
	Labels []string
	// Attempts counts how many times the job was started.
	Attempts int
}

// Status is the terminal state of a dispatched job.
type Status int

const (
	// Succeeded means the build exited zero.
	Succeeded Status = iota + 1
	// Failed means the build ran and failed, or was aborted by the farm.
	Failed
	// Requeued means the agent was lost and the job went back to the queue.
	Requeued
)

// Outcome reports what happened to a dispatched job.
type Outcome struct {
	JobID   string
	AgentID string
	Status  Status
	Lines   int
	Err     error
}

// AgentClient is the RPC connection to one build agent.
type AgentClient interface {
	// Start launches job on the agent and returns its output stream.
	Start(ctx context.Context, job Job) (LogStream, error)
	// Abort asks the agent to kill the running job.
	Abort(ctx context.Context, jobID string) error
}

// LogStream carries the raw output of a running build.
type LogStream interface {
	// Recv returns the next chunk of output. It returns io.EOF when the
	// build exited zero, a *BuildError when it exited non-zero, and any
	// other error when the connection to the agent broke.
	Recv() ([]byte, error)
}

// LogSink stores build logs line by line.
type LogSink interface {
	Append(ctx context.Context, jobID string, lineNo int, line string) error
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// BuildError is returned by a LogStream when the build exited non-zero.
type BuildError struct {
	ExitCode int
}

func (e *BuildError) Error() string { return fmt.Sprintf("build exited with code %d", e.ExitCode) }

var (
	// ErrNoAgent is returned by Dispatch when no idle agent can take the
	// next job.
	ErrNoAgent = errors.New("buildfarm: no matching idle agent")
	// ErrQueueEmpty is returned by Dispatch when there is nothing to run.
	ErrQueueEmpty = errors.New("buildfarm: queue empty")
	// ErrLogLimit aborts a job whose output exceeds Config.MaxLogBytes.
	ErrLogLimit = errors.New("buildfarm: log size limit exceeded")
	// ErrAgentLost marks agents that stopped heartbeating.
	ErrAgentLost = errors.New("buildfarm: agent lost")
)

// Config configures a Scheduler.
type Config struct {
	// Sink receives every log line. Required.
	Sink LogSink
	// MaxAttempts bounds how often a job is restarted after agent loss.
	// Zero means 3.
	MaxAttempts int
	// MaxLogBytes aborts jobs that print more than this. Zero means no limit.
	MaxLogBytes int64
	// HeartbeatTimeout after which a silent agent is considered lost.
	// Zero means 30s.
	HeartbeatTimeout time.Duration
	// Clock defaults to the system clock.
	Clock Clock
}

type agent struct {
	id       string
	labels   map[string]bool
	client   AgentClient
	lastSeen time.Time
	running  string // job ID, empty when idle
	lost     bool
}

func (a *agent) fits(j Job) bool {
	for _, l := range j.Labels {
		if !a.labels[l] {
			return false
		}
	}
	return true
}

// Scheduler hands queued jobs to idle agents.
type Scheduler struct {
	cfg Config

	mu     sync.Mutex
	agents map[string]*agent
	queue  []Job
}

// New returns a Scheduler.
func New(cfg Config) (*Scheduler, error) {
	if cfg.Sink == nil {
		return nil, errors.New("buildfarm: Config.Sink is required")
	}
	if cfg.MaxAttempts == 0 {
		cfg.MaxAttempts = 3
	}
	if cfg.HeartbeatTimeout == 0 {
		cfg.HeartbeatTimeout = 30 * time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	return &Scheduler{cfg: cfg, agents: make(map[string]*agent)}, nil
}

// Register adds or re-adds an agent to the pool.
func (s *Scheduler) Register(id string, labels []string, client AgentClient) {
	a := &agent{id: id, labels: make(map[string]bool), client: client, lastSeen: s.cfg.Clock.Now()}
	for _, l := range labels {
		a.labels[l] = true
	}
	s.mu.Lock()
	s.agents[id] = a
	s.mu.Unlock()
}

// Heartbeat records that agent id is alive.
func (s *Scheduler) Heartbeat(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.agents[id]
	if !ok || a.lost {
		return fmt.Errorf("heartbeat from %s: %w", id, ErrAgentLost)
	}
	a.lastSeen = s.cfg.Clock.Now()
	return nil
}

// ReapLost removes agents whose heartbeat is older than HeartbeatTimeout
// and returns their IDs. Their running jobs are requeued by Dispatch once
// the broken log stream is noticed.
func (s *Scheduler) ReapLost() []string {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	var lost []string
	for id, a := range s.agents {
		if now.Sub(a.lastSeen) > s.cfg.HeartbeatTimeout {
			a.lost = true
			delete(s.agents, id)
			lost = append(lost, id)
		}
	}
	return lost
}

// Submit appends job to the queue.
func (s *Scheduler) Submit(job Job) {
	s.mu.Lock()
	s.queue = append(s.queue, job)
	s.mu.Unlock()
}

// Pending returns the number of queued jobs.
func (s *Scheduler) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}
