package interlock

import (
	"context"
	"fmt"
)

// RequestRoute asks for route routeID to be set for train. The request is
// queued until every section on the route is clear of other trains' routes;
// onGrant is then called from a background goroutine.
func (il *Interlock) RequestRoute(ctx context.Context, train, routeID string, onGrant func(Grant)) error {
	r, ok := il.routes[routeID]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownRoute, routeID)
	}
	il.mu.Lock()
	closed := il.closed
	il.mu.Unlock()
	if closed {
		return ErrClosed
	}
	go il.setRoute(ctx, train, r, onGrant)
	return nil
}

func (il *Interlock) setRoute(ctx context.Context, train string, r Route, onGrant func(Grant)) {
	il.mu.Lock()
	il.waiting++
	for !il.closed && !il.free(r, train) {
		il.cond.Wait()
	}
	il.waiting--
	if il.closed {
		il.mu.Unlock()
		onGrant(Grant{Route: r.ID, Train: train, Err: ErrClosed})
		return
	}
	for _, s := range r.Sections {
		il.held[s] = train
	}
	il.granted[r.ID] = train
	il.mu.Unlock()

	err := il.throwPointsAndClear(ctx, r)
	if err != nil {
		il.log.Printf("route %s for %s failed: %v", r.ID, train, err)
		il.release(r, train)
		onGrant(Grant{Route: r.ID, Train: train, Err: err})
		return
	}
	il.log.Printf("route %s set for %s", r.ID, train)
	onGrant(Grant{Route: r.ID, Train: train, Aspect: Proceed})
}

func (il *Interlock) throwPointsAndClear(ctx context.Context, r Route) error {
	names := make([]string, 0, len(r.Points))
	for p := range r.Points {
		names = append(names, p)
	}
	for _, p := range names {
		pos := r.Points[p]
		if err := il.field(ctx, func(ctx context.Context) error { return il.driver.SetPoint(ctx, p, pos) }); err != nil {
			return fmt.Errorf("points %s to %s: %w", p, pos, err)
		}
	}
	return il.field(ctx, func(ctx context.Context) error { return il.driver.SetAspect(ctx, r.EntrySignal, Proceed) })
}

// ReleaseRoute is called when the train has cleared the route: the entry
// signal is returned to danger and the sections are freed for other routes.
func (il *Interlock) ReleaseRoute(ctx context.Context, train, routeID string) error {
	r, ok := il.routes[routeID]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownRoute, routeID)
	}
	il.mu.Lock()
	holder := il.granted[routeID]
	il.mu.Unlock()
	if holder != train {
		return fmt.Errorf("%w: %s holds %s", ErrNotHolder, holder, routeID)
	}
	if err := il.field(ctx, func(ctx context.Context) error { return il.driver.SetAspect(ctx, r.EntrySignal, Danger) }); err != nil {
		return fmt.Errorf("signal %s to danger: %w", r.EntrySignal, err)
	}
	il.release(r, train)
	il.log.Printf("route %s released by %s", r.ID, train)
	return nil
}

func (il *Interlock) release(r Route, train string) {
	il.mu.Lock()
	for _, s := range r.Sections {
		if il.held[s] == train {
			delete(il.held, s)
		}
	}
	if il.granted[r.ID] == train {
		delete(il.granted, r.ID)
	}
	il.mu.Unlock()
	il.cond.Broadcast()
}
