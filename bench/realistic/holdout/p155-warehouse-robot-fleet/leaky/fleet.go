// Package fleet coordinates a fleet of warehouse robots: it queues pick and
// drop tasks, assigns them to idle robots, tracks robot heartbeats and hands
// the work of robots that fall silent to the rest of the fleet.
package fleet

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// RobotID identifies a robot on the radio network.
type RobotID string

// Location is a storage slot in the warehouse.
type Location struct {
	Aisle, Bay, Level int
}

// Task moves a tote from Pick to Drop.
type Task struct {
	ID   string
	Pick Location
	Drop Location
}

// Dispatcher sends a task to a robot over the radio link.
type Dispatcher interface {
	Dispatch(ctx context.Context, robot RobotID, task Task) error
}

var (
	// ErrUnknownRobot is returned for robots that never registered.
	ErrUnknownRobot = errors.New("fleet: unknown robot")
	// ErrDuplicateTask is returned when a task ID is already queued or assigned.
	ErrDuplicateTask = errors.New("fleet: duplicate task")
	// ErrNotAssigned is returned when a robot reports completing a task it
	// does not currently hold.
	ErrNotAssigned = errors.New("fleet: task not assigned to robot")
)

// Config configures a Controller.
type Config struct {
	// Dispatcher delivers tasks to robots. Required.
	Dispatcher Dispatcher
	// HeartbeatTimeout is how long a robot may stay silent before it is
	// considered lost and its task is reassigned. Default 15s.
	HeartbeatTimeout time.Duration
	// CheckInterval is how often heartbeats are checked. Default 1s.
	CheckInterval time.Duration
	// DispatchTimeout bounds each radio dispatch. Default 2s.
	DispatchTimeout time.Duration
	// Clock defaults to the system clock.
	Clock Clock
	// Logger defaults to log.Default().
	Logger *log.Logger
}

type robot struct {
	id        RobotID
	lastSeen  time.Time
	lost      bool
	current   *Task
	completed int
}

func (r *robot) idle() bool { return !r.lost && r.current == nil }

// Controller assigns tasks to robots. Its methods are safe for concurrent use.
type Controller struct {
	cfg    Config
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	mu       sync.Mutex
	robots   map[RobotID]*robot
	queue    []Task
	assigned map[string]RobotID
}

// New returns a Controller. Call Start to begin heartbeat monitoring.
func New(cfg Config) (*Controller, error) {
	if cfg.Dispatcher == nil {
		return nil, errors.New("fleet: Config.Dispatcher is required")
	}
	if cfg.HeartbeatTimeout <= 0 {
		cfg.HeartbeatTimeout = 15 * time.Second
	}
	if cfg.CheckInterval <= 0 {
		cfg.CheckInterval = time.Second
	}
	if cfg.DispatchTimeout <= 0 {
		cfg.DispatchTimeout = 2 * time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Controller{
		cfg:      cfg,
		ctx:      ctx,
		cancel:   cancel,
		done:     make(chan struct{}),
		robots:   make(map[RobotID]*robot),
		assigned: make(map[string]RobotID),
	}, nil
}

// Register adds a robot to the fleet, or revives one previously lost, and
// gives it work if any is queued.
func (c *Controller) Register(id RobotID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.robots[id]
	if !ok {
		r = &robot{id: id}
		c.robots[id] = r
	}
	r.lastSeen = c.cfg.Clock.Now()
	r.lost = false
	c.dispatchLocked()
}

// Heartbeat records that a robot is alive.
func (c *Controller) Heartbeat(id RobotID) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.robots[id]
	if !ok {
		return fmt.Errorf("heartbeat from %s: %w", id, ErrUnknownRobot)
	}
	r.lastSeen = c.cfg.Clock.Now()
	if r.lost {
		c.cfg.Logger.Printf("fleet: robot %s back online", id)
		r.lost = false
		c.dispatchLocked()
	}
	return nil
}

// Submit queues a task for the next idle robot.
func (c *Controller) Submit(task Task) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.assigned[task.ID]; ok {
		return fmt.Errorf("submit %s: %w", task.ID, ErrDuplicateTask)
	}
	for _, q := range c.queue {
		if q.ID == task.ID {
			return fmt.Errorf("submit %s: %w", task.ID, ErrDuplicateTask)
		}
	}
	c.queue = append(c.queue, task)
	c.dispatchLocked()
	return nil
}

// Complete records that a robot finished its task and gives it the next one.
func (c *Controller) Complete(id RobotID, taskID string) error {
	c.mu.Lock()
	r, ok := c.robots[id]
	if !ok {
		c.mu.Unlock()
		return fmt.Errorf("complete %s: %w", taskID, ErrUnknownRobot)
	}
	r.lastSeen = c.cfg.Clock.Now()
	if r.current == nil || r.current.ID != taskID {
		// The task was handed to another robot while this one was out of
		// contact; the new owner will report it.
		return fmt.Errorf("complete %s by %s: %w", taskID, id, ErrNotAssigned)
	}
	delete(c.assigned, taskID)
	r.current = nil
	r.completed++
	c.dispatchLocked()
	c.mu.Unlock()
	return nil
}

// Assignment reports which robot holds a task, if any.
func (c *Controller) Assignment(taskID string) (RobotID, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id, ok := c.assigned[taskID]
	return id, ok
}

// QueueLen reports how many tasks are waiting for a robot.
func (c *Controller) QueueLen() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.queue)
}
