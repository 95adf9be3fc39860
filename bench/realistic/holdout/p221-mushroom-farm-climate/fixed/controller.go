// Package climate drives the climate of mushroom grow rooms: it samples each
// room's sensors, compares the readings with the setpoints of the room's
// growth stage and switches fans, misters and heaters accordingly.
package climate

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"sort"
	"sync"
	"time"
)

// Logger is the subset of *log.Logger used by the controller.
type Logger interface {
	Printf(format string, args ...interface{})
}

// Config holds the tunables of a Controller.
type Config struct {
	// SensorTimeout bounds a single sensor read.
	SensorTimeout time.Duration
	// StaleAfter is how long a previous reading may stand in for a
	// sensor that did not answer in time.
	StaleAfter time.Duration
	Logger     Logger
	Now        func() time.Time
}

// Option adjusts a Config.
type Option func(*Config)

// WithSensorTimeout sets the per-read sensor timeout.
func WithSensorTimeout(d time.Duration) Option {
	return func(c *Config) { c.SensorTimeout = d }
}

// WithStaleAfter sets how long a cached reading stays usable.
func WithStaleAfter(d time.Duration) Option {
	return func(c *Config) { c.StaleAfter = d }
}

// WithLogger sets the logger.
func WithLogger(l Logger) Option {
	return func(c *Config) { c.Logger = l }
}

// WithClock replaces time.Now, mostly for tests.
func WithClock(now func() time.Time) Option {
	return func(c *Config) { c.Now = now }
}

func defaultConfig() Config {
	return Config{
		SensorTimeout: 2 * time.Second,
		StaleAfter:    5 * time.Minute,
		Logger:        log.New(os.Stderr, "climate: ", log.LstdFlags),
		Now:           time.Now,
	}
}

// Room describes one grow room and the equipment wired to it.
type Room struct {
	Name      string
	Stage     Stage
	Sensors   []Sensor
	Actuators Actuators
}

// RoomReport summarises one evaluation of a room.
type RoomReport struct {
	Room     string
	Stage    Stage
	Readings map[Metric]float64
	Stale    []Metric
	Commands Commands
}

// Report is the result of a controller tick.
type Report struct {
	At    time.Time
	Rooms []RoomReport
}

type roomState struct {
	room     Room
	last     map[Metric]Reading
	commands Commands
}

// Controller evaluates all rooms on every Tick.
type Controller struct {
	cfg   Config
	mu    sync.Mutex
	rooms map[string]*roomState
}

// ErrNoRooms is returned by NewController when no room is configured.
var ErrNoRooms = errors.New("climate: no rooms configured")

// NewController validates the rooms and builds a controller.
func NewController(rooms []Room, opts ...Option) (*Controller, error) {
	if len(rooms) == 0 {
		return nil, ErrNoRooms
	}
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.SensorTimeout <= 0 {
		return nil, fmt.Errorf("climate: sensor timeout must be positive, got %v", cfg.SensorTimeout)
	}
	c := &Controller{cfg: cfg, rooms: make(map[string]*roomState, len(rooms))}
	for _, r := range rooms {
		if r.Name == "" {
			return nil, errors.New("climate: room without a name")
		}
		if _, dup := c.rooms[r.Name]; dup {
			return nil, fmt.Errorf("climate: duplicate room %q", r.Name)
		}
		if _, ok := setpointsFor(r.Stage); !ok {
			return nil, fmt.Errorf("climate: room %q: unknown stage %v", r.Name, r.Stage)
		}
		c.rooms[r.Name] = &roomState{room: r, last: make(map[Metric]Reading)}
	}
	return c, nil
}

// SetStage moves a room to another growth stage, e.g. after pinning.
func (c *Controller) SetStage(room string, st Stage) error {
	if _, ok := setpointsFor(st); !ok {
		return fmt.Errorf("climate: unknown stage %v", st)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	rs, ok := c.rooms[room]
	if !ok {
		return fmt.Errorf("climate: unknown room %q", room)
	}
	rs.room.Stage = st
	return nil
}

// Tick samples and regulates every room once. A failing room does not stop
// the others; the errors are joined in the returned error.
func (c *Controller) Tick(ctx context.Context) (Report, error) {
	c.mu.Lock()
	defer c.mu.Unlock()

	names := make([]string, 0, len(c.rooms))
	for n := range c.rooms {
		names = append(names, n)
	}
	sort.Strings(names)

	rep := Report{At: c.cfg.Now()}
	var failed []string
	for _, n := range names {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		rr, err := c.evaluate(ctx, c.rooms[n])
		if err != nil {
			c.cfg.Logger.Printf("room %s: %v", n, err)
			failed = append(failed, fmt.Sprintf("%s: %v", n, err))
			continue
		}
		rep.Rooms = append(rep.Rooms, rr)
	}
	if len(failed) > 0 {
		return rep, fmt.Errorf("climate: %d room(s) failed: %v", len(failed), failed)
	}
	return rep, nil
}

func (c *Controller) evaluate(ctx context.Context, rs *roomState) (RoomReport, error) {
	sp, _ := setpointsFor(rs.room.Stage)
	values, stale, err := c.sample(ctx, rs)
	if err != nil {
		return RoomReport{}, err
	}
	cmd := decide(sp, values, rs.commands)
	if err := rs.room.Actuators.apply(ctx, rs.commands, cmd); err != nil {
		return RoomReport{}, err
	}
	rs.commands = cmd
	return RoomReport{
		Room:     rs.room.Name,
		Stage:    rs.room.Stage,
		Readings: values,
		Stale:    stale,
		Commands: cmd,
	}, nil
}
