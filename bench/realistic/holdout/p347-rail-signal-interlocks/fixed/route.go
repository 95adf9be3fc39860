package interlock

import (
	"context"
	"fmt"
)

// RequestRoute sets the route, throwing any points that lie the wrong way,
// and clears the entry signal once everything is locked.
func (ix *Interlocking) RequestRoute(ctx context.Context, id string) error {
	def, ok := ix.routes[id]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownRoute, id)
	}

	ix.mu.Lock()
	if ix.active[id] {
		ix.mu.Unlock()
		return fmt.Errorf("%w: %s", ErrRouteSet, id)
	}
	for _, name := range def.Sections {
		s := ix.sections[name]
		if s.occupied || s.route != "" {
			ix.mu.Unlock()
			return fmt.Errorf("%w: section %s", ErrConflict, name)
		}
	}
	var moves []PointRequirement
	for _, req := range def.Points {
		p := ix.points[req.Point]
		if p.lockedBy != "" && p.lockedBy != id {
			ix.mu.Unlock()
			return fmt.Errorf("%w: point %s locked by %s", ErrConflict, req.Point, p.lockedBy)
		}
		if p.position == req.Position {
			continue
		}
		if p.outOfService {
			ix.mu.Unlock()
			return fmt.Errorf("%w: %s needed %s", ErrPointOutOfService, req.Point, req.Position)
		}
		moves = append(moves, req)
	}
	ix.reserveLocked(def)
	ix.mu.Unlock()

	for _, m := range moves {
		if err := ix.throw(ctx, m); err != nil {
			ix.mu.Lock()
			ix.releaseLocked(def)
			ix.mu.Unlock()
			return fmt.Errorf("interlock: setting %s: %w", id, err)
		}
	}

	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, m := range moves {
		ix.points[m.Point].position = m.Position
	}
	for _, name := range def.Sections {
		if ix.sections[name].occupied {
			ix.releaseLocked(def)
			return fmt.Errorf("%w: section %s occupied while setting %s", ErrConflict, name, id)
		}
	}
	ix.signals[def.Entry] = ix.aspectFor(def)
	ix.cfg.Logger.Printf("interlock: route %s set, %s showing %s", id, def.Entry, ix.signals[def.Entry])
	return nil
}

// CancelRoute puts the entry signal back to danger and releases the route if
// no train has entered it.
func (ix *Interlocking) CancelRoute(id string) error {
	def, ok := ix.routes[id]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownRoute, id)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if !ix.active[id] {
		return nil
	}
	ix.signals[def.Entry] = Danger
	for _, name := range def.Sections {
		if ix.sections[name].occupied {
			return fmt.Errorf("%w: train already in %s", ErrConflict, name)
		}
	}
	ix.releaseLocked(def)
	return nil
}

func (ix *Interlocking) throw(ctx context.Context, m PointRequirement) error {
	ctx, cancel := context.WithTimeout(ctx, ix.cfg.ThrowTimeout)
	defer cancel()
	if err := ix.cfg.Points.Throw(ctx, m.Point, m.Position); err != nil {
		return fmt.Errorf("throwing %s %s: %w", m.Point, m.Position, err)
	}
	return nil
}

func (ix *Interlocking) reserveLocked(def RouteDef) {
	ix.active[def.ID] = true
	for _, name := range def.Sections {
		ix.sections[name].route = def.ID
	}
	for _, req := range def.Points {
		ix.points[req.Point].lockedBy = def.ID
	}
}

func (ix *Interlocking) releaseLocked(def RouteDef) {
	delete(ix.active, def.ID)
	ix.signals[def.Entry] = Danger
	for _, name := range def.Sections {
		if ix.sections[name].route == def.ID {
			ix.sections[name].route = ""
		}
	}
	for _, req := range def.Points {
		if ix.points[req.Point].lockedBy == def.ID {
			ix.points[req.Point].lockedBy = ""
		}
	}
}

func (ix *Interlocking) aspectFor(def RouteDef) Aspect {
	if def.Exit == "" {
		return Caution
	}
	if ix.signals[def.Exit] != Danger {
		return Proceed
	}
	return Caution
}
