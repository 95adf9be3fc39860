package escaperoom

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// Subscription is an active topic subscription on the sensor bus.
type Subscription interface {
	Unsubscribe() error
}

// Bus is the MQTT-style message bus the sensor nodes publish to. Handlers
// may be invoked concurrently.
type Bus interface {
	Subscribe(topic string, handler func(Reading)) (Subscription, error)
}

// Props drives the maglocks, drawers and lights in a room.
type Props interface {
	Release(ctx context.Context, roomID, prop string) error
}

// Console shows game events to the game master.
type Console interface {
	Show(ctx context.Context, ev Event)
}

// Options configures a Controller.
type Options struct {
	TopicPrefix string
	Props       Props
	Console     Console
	Logger      *log.Logger
	Now         func() time.Time
}

// RoomStatus is a snapshot of one room's game.
type RoomStatus struct {
	RoomID    string
	Solved    []string
	Remaining int
	Finished  bool
	Elapsed   time.Duration
	Ignored   int
}

// Controller turns sensor readings into game progress for a set of rooms.
type Controller struct {
	bus     Bus
	props   Props
	console Console
	prefix  string
	log     *log.Logger
	now     func() time.Time

	ctx    context.Context
	cancel context.CancelFunc

	mu    sync.Mutex
	rooms map[string]*room

	subsMu sync.Mutex
	subs   map[string]Subscription
}

// New creates a Controller attached to the given bus.
func New(bus Bus, opts Options) (*Controller, error) {
	if bus == nil {
		return nil, errors.New("escaperoom: bus is required")
	}
	if opts.TopicPrefix == "" {
		opts.TopicPrefix = "escape"
	}
	if opts.Logger == nil {
		opts.Logger = log.New(io.Discard, "", 0)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Controller{
		bus:     bus,
		props:   opts.Props,
		console: opts.Console,
		prefix:  opts.TopicPrefix,
		log:     opts.Logger,
		now:     opts.Now,
		ctx:     ctx,
		cancel:  cancel,
		rooms:   make(map[string]*room),
		subs:    make(map[string]Subscription),
	}, nil
}

// OpenRoom starts a game in a room and subscribes to its sensors.
func (c *Controller) OpenRoom(def RoomDef) error {
	if err := def.validate(); err != nil {
		return err
	}
	c.mu.Lock()
	if _, ok := c.rooms[def.ID]; ok {
		c.mu.Unlock()
		return fmt.Errorf("escaperoom: room %s already open", def.ID)
	}
	c.rooms[def.ID] = newRoom(def, c.now())
	c.mu.Unlock()

	topic := fmt.Sprintf("%s/%s/#", c.prefix, def.ID)
	sub, err := c.bus.Subscribe(topic, c.handleReading)
	if err != nil {
		c.mu.Lock()
		delete(c.rooms, def.ID)
		c.mu.Unlock()
		return fmt.Errorf("escaperoom: subscribe %s: %w", topic, err)
	}
	c.subsMu.Lock()
	c.subs[def.ID] = sub
	c.subsMu.Unlock()
	c.log.Printf("room %s (%s) open with %d puzzles", def.ID, def.Name, len(def.Puzzles))
	return nil
}

// ResetRoom prepares a room for the next group.
func (c *Controller) ResetRoom(roomID string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	rm, ok := c.rooms[roomID]
	if !ok {
		return fmt.Errorf("escaperoom: unknown room %s", roomID)
	}
	rm.reset(c.now())
	return nil
}

func (c *Controller) handleReading(r Reading) {
	c.mu.Lock()
	rm, ok := c.rooms[r.RoomID]
	if !ok {
		c.mu.Unlock()
		c.log.Printf("reading from %s for unknown room %q", r.Sensor, r.RoomID)
		return
	}
	events, err := rm.apply(r)
	if err != nil {
		if errors.Is(err, errRoomFinished) || errors.Is(err, errStaleReading) {
			rm.ignored++
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
		c.log.Printf("room %s: %v", r.RoomID, err)
		return
	}
	c.mu.Unlock()

	for _, ev := range events {
		c.dispatch(ev)
	}
}

func (c *Controller) dispatch(ev Event) {
	c.log.Printf("room %s: %s %s after %s", ev.RoomID, ev.Kind, ev.PuzzleID, ev.Elapsed.Round(time.Second))
	if ev.Kind == PuzzleSolved && ev.Unlocks != "" && c.props != nil {
		if err := c.props.Release(c.ctx, ev.RoomID, ev.Unlocks); err != nil {
			c.log.Printf("room %s: release %s: %v", ev.RoomID, ev.Unlocks, err)
		}
	}
	if c.console != nil {
		c.console.Show(c.ctx, ev)
	}
}

// Status reports a room's progress.
func (c *Controller) Status(roomID string) (RoomStatus, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	rm, ok := c.rooms[roomID]
	if !ok {
		return RoomStatus{}, fmt.Errorf("escaperoom: unknown room %s", roomID)
	}
	st := RoomStatus{
		RoomID:    roomID,
		Remaining: len(rm.def.Puzzles) - len(rm.solved),
		Finished:  !rm.finishedAt.IsZero(),
		Ignored:   rm.ignored,
	}
	for id := range rm.solved {
		st.Solved = append(st.Solved, id)
	}
	sort.Strings(st.Solved)
	if st.Finished {
		st.Elapsed = rm.finishedAt.Sub(rm.startedAt)
	} else {
		st.Elapsed = c.now().Sub(rm.startedAt)
	}
	return st, nil
}

// Close unsubscribes from all rooms and stops driving props.
func (c *Controller) Close() error {
	c.cancel()
	c.subsMu.Lock()
	defer c.subsMu.Unlock()
	var errs []error
	for id, sub := range c.subs {
		if err := sub.Unsubscribe(); err != nil {
			errs = append(errs, fmt.Errorf("room %s: %w", id, err))
		}
		delete(c.subs, id)
	}
	if len(errs) > 0 {
		return fmt.Errorf("escaperoom: close: %v", errs)
	}
	return nil
}
