package interlock

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sort"
	"sync"
	"time"
)

// PointMachine moves points on the ground and reports their detected position.
type PointMachine interface {
	Throw(ctx context.Context, point string, pos Position) error
	Detect(ctx context.Context, point string) (Position, error)
}

// Logger is the subset of *log.Logger the interlocking uses.
type Logger interface {
	Printf(format string, args ...any)
}

var (
	ErrUnknownRoute      = errors.New("interlock: unknown route")
	ErrRouteBusy         = errors.New("interlock: conflicting route set")
	ErrPointOutOfService = errors.New("interlock: point out of service")
	ErrDetection         = errors.New("interlock: point failed detection")
)

// Option configures an Interlocking.
type Option func(*Interlocking)

// WithLogger sets the event logger.
func WithLogger(l Logger) Option { return func(il *Interlocking) { il.log = l } }

// WithClock replaces time.Now, for event timestamps.
func WithClock(now func() time.Time) Option { return func(il *Interlocking) { il.now = now } }

type pointState struct {
	position     Position
	outOfService bool
	reason       string
	usedBy       string
	throws       int
}

// PointStatus is a read-only view of a point for the signaller's display.
type PointStatus struct {
	ID           string
	Position     Position
	OutOfService bool
	Reason       string
	UsedBy       string
	Throws       int
}

// Interlocking grants routes so that no two set routes share a point.
type Interlocking struct {
	pm            PointMachine
	log           Logger
	now           func() time.Time
	throwTimeout  time.Duration
	detectRetries int
	routes        map[string]*route
	locks         map[string]*sync.Mutex

	mu     sync.RWMutex
	points map[string]*pointState
	active map[string]*Lease
}

// New builds an interlocking for the given layout. All points start normal.
func New(cfg Config, pm PointMachine, opts ...Option) (*Interlocking, error) {
	if pm == nil {
		return nil, fmt.Errorf("%w: nil point machine", ErrConfig)
	}
	routes, err := cfg.build()
	if err != nil {
		return nil, err
	}
	il := &Interlocking{
		pm:            pm,
		log:           log.Default(),
		now:           time.Now,
		throwTimeout:  cfg.ThrowTimeout,
		detectRetries: cfg.DetectRetries,
		routes:        routes,
		locks:         make(map[string]*sync.Mutex, len(cfg.Points)),
		points:        make(map[string]*pointState, len(cfg.Points)),
		active:        make(map[string]*Lease),
	}
	if il.throwTimeout <= 0 {
		il.throwTimeout = 6 * time.Second
	}
	if il.detectRetries < 1 {
		il.detectRetries = 1
	}
	for _, id := range cfg.Points {
		il.locks[id] = new(sync.Mutex)
		il.points[id] = &pointState{position: Normal}
	}
	for _, o := range opts {
		o(il)
	}
	return il, nil
}

// Lease is a set route. The route's points stay locked until Release.
type Lease struct {
	il      *Interlocking
	route   *route
	granted time.Time
	once    sync.Once
}

// Route returns the name of the route held by the lease.
func (l *Lease) Route() string { return l.route.name }

// Granted returns when the route was set.
func (l *Lease) Granted() time.Time { return l.granted }

// Release cancels the route and frees its points. It is safe to call twice.
func (l *Lease) Release() {
	l.once.Do(func() { l.il.release(l) })
}

// RequestRoute locks, sets and detects every point of the named route. If a
// conflicting route holds one of the points, it waits until ctx is done.
func (il *Interlocking) RequestRoute(ctx context.Context, name string) (*Lease, error) {
	r, ok := il.routes[name]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownRoute, name)
	}

	select {
	case <-il.lockPoints(ctx, r.points):
	case <-ctx.Done():
		il.log.Printf("route %s (%s->%s): points not available: %v", r.name, r.entry, r.exit, ctx.Err())
		return nil, fmt.Errorf("%w: %s: %v", ErrRouteBusy, name, ctx.Err())
	}

	if err := il.checkInService(r); err != nil {
		il.unlockPoints(r.points)
		return nil, err
	}
	if err := il.setPoints(ctx, r); err != nil {
		il.unlockPoints(r.points)
		return nil, err
	}

	lease := &Lease{il: il, route: r, granted: il.now()}
	il.mu.Lock()
	for _, id := range r.points {
		il.points[id].usedBy = r.name
	}
	il.active[r.name] = lease
	il.mu.Unlock()
	il.log.Printf("route %s (%s->%s) set", r.name, r.entry, r.exit)
	return lease, nil
}

func (il *Interlocking) lockPoints(ctx context.Context, ids []string) <-chan struct{} {
	acquired := make(chan struct{})
	go func() {
		for _, id := range ids {
			il.locks[id].Lock() // leak: the point's mutex is never unlocked by the earlier route's release
		}
		select {
		case acquired <- struct{}{}:
		case <-ctx.Done():
			il.unlockPoints(ids)
		}
	}()
	return acquired
}

func (il *Interlocking) unlockPoints(ids []string) {
	for i := len(ids) - 1; i > 0; i-- {
		il.locks[ids[i]].Unlock()
	}
}

func (il *Interlocking) checkInService(r *route) error {
	il.mu.RLock()
	defer il.mu.RUnlock()
	for _, id := range r.points {
		if st := il.points[id]; st.outOfService {
			return fmt.Errorf("%w: %s (%s) on route %s", ErrPointOutOfService, id, st.reason, r.name)
		}
	}
	return nil
}

func (il *Interlocking) setPoints(ctx context.Context, r *route) error {
	for _, id := range r.points {
		want := r.want[id]
		il.mu.RLock()
		current := il.points[id].position
		il.mu.RUnlock()
		if current == want {
			continue
		}
		if err := il.throwAndDetect(ctx, id, want); err != nil {
			il.mu.Lock()
			il.points[id].outOfService = true
			il.points[id].reason = err.Error()
			il.mu.Unlock()
			il.log.Printf("point %s failed while setting route %s: %v", id, r.name, err)
			return err
		}
		il.mu.Lock()
		il.points[id].position = want
		il.points[id].throws++
		il.mu.Unlock()
	}
	return nil
}

func (il *Interlocking) throwAndDetect(ctx context.Context, id string, want Position) error {
	ctx, cancel := context.WithTimeout(ctx, il.throwTimeout)
	defer cancel()
	if err := il.pm.Throw(ctx, id, want); err != nil {
		return fmt.Errorf("%w: throw %s %s: %v", ErrDetection, id, want, err)
	}
	var last error
	for attempt := 0; attempt < il.detectRetries; attempt++ {
		got, err := il.pm.Detect(ctx, id)
		if err == nil && got == want {
			return nil
		}
		last = err
		if last == nil {
			last = fmt.Errorf("detected %s", got)
		}
	}
	return fmt.Errorf("%w: %s wanted %s: %v", ErrDetection, id, want, last)
}

func (il *Interlocking) release(l *Lease) {
	il.mu.Lock()
	delete(il.active, l.route.name)
	for _, id := range l.route.points {
		il.points[id].usedBy = ""
	}
	il.mu.Unlock()
	il.unlockPoints(l.route.points)
	il.log.Printf("route %s released after %s", l.route.name, il.now().Sub(l.granted).Round(time.Millisecond))
}

// SetOutOfService takes a point out of use, for example for maintenance.
// Routes already set over the point are not affected.
func (il *Interlocking) SetOutOfService(id, reason string) error {
	il.mu.Lock()
	defer il.mu.Unlock()
	st, ok := il.points[id]
	if !ok {
		return fmt.Errorf("interlock: unknown point %s", id)
	}
	st.outOfService, st.reason = true, reason
	return nil
}

// ReturnToService clears an out-of-service flag.
func (il *Interlocking) ReturnToService(id string) error {
	il.mu.Lock()
	defer il.mu.Unlock()
	st, ok := il.points[id]
	if !ok {
		return fmt.Errorf("interlock: unknown point %s", id)
	}
	st.outOfService, st.reason = false, ""
	return nil
}

// ActiveRoutes lists the routes currently set, sorted by name.
func (il *Interlocking) ActiveRoutes() []string {
	il.mu.RLock()
	defer il.mu.RUnlock()
	names := make([]string, 0, len(il.active))
	for n := range il.active {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Status returns the state of every point, sorted by id.
func (il *Interlocking) Status() []PointStatus {
	il.mu.RLock()
	defer il.mu.RUnlock()
	out := make([]PointStatus, 0, len(il.points))
	for id, st := range il.points {
		out = append(out, PointStatus{
			ID: id, Position: st.position, OutOfService: st.outOfService,
			Reason: st.reason, UsedBy: st.usedBy, Throws: st.throws,
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
