// Package dispatch assigns warehouse pick tasks to mobile robots. A single
// goroutine owns the fleet state; callers talk to it through requests.
package dispatch

import (
	"errors"
	"sync"
)

// Task is one pick or put-away job at a shelf location.
type Task struct {
	ID     string
	Shelf  string
	Weight float64
}

// Robot is a fleet member as the dispatcher sees it.
type Robot struct {
	ID       string
	Location string
	Payload  float64
	busy     bool
}

// Assignment records which robot took a task and its planned travel cost.
type Assignment struct {
	TaskID  string
	RobotID string
	Cost    float64
}

// Planner estimates how expensive it is for a robot to reach a shelf.
type Planner interface {
	Cost(from, to string) (float64, error)
}

var (
	// ErrClosed is returned after Close.
	ErrClosed = errors.New("dispatch: dispatcher closed")
	// ErrNoRobot means no idle robot can carry the task.
	ErrNoRobot = errors.New("dispatch: no robot available")
)

// Option configures a Dispatcher.
type Option func(*Dispatcher)

// WithRobots seeds the fleet.
func WithRobots(robots ...Robot) Option {
	return func(d *Dispatcher) {
		for _, r := range robots {
			r := r
			d.fleet[r.ID] = &r
		}
	}
}

// Dispatcher hands tasks to the cheapest idle robot.
type Dispatcher struct {
	planner Planner
	fleet   map[string]*Robot

	assignReqs chan assignRequest
	releases   chan string
	quit       chan struct{}
	closeOnce  sync.Once
}

type assignRequest struct {
	task  Task
	reply chan assignResult
}

type assignResult struct {
	a   Assignment
	err error
}

// New starts a dispatcher using planner for route costs.
func New(planner Planner, opts ...Option) *Dispatcher {
	d := &Dispatcher{
		planner:    planner,
		fleet:      map[string]*Robot{},
		assignReqs: make(chan assignRequest),
		releases:   make(chan string),
		quit:       make(chan struct{}),
	}
	for _, o := range opts {
		o(d)
	}
	go d.run()
	return d
}

// Close stops the dispatcher. Pending requests fail with ErrClosed.
func (d *Dispatcher) Close() {
	d.closeOnce.Do(func() { close(d.quit) })
}
