package gc

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"
)

// Config configures a Collector.
type Config struct {
	// MinAge protects objects younger than this from collection, so that a
	// dependent created just before its owner is visible is not mistaken
	// for an orphan. Defaults to one minute.
	MinAge time.Duration
	// DryRun reports orphans without deleting them.
	DryRun bool
	// Audit, if set, receives a report of every pass.
	Audit AuditSink
	// Clock defaults to the system clock.
	Clock Clock
}

// Collector finds and deletes orphaned objects.
type Collector struct {
	store Store
	cfg   Config
}

// New returns a Collector for store.
func New(store Store, cfg Config) *Collector {
	if cfg.MinAge <= 0 {
		cfg.MinAge = time.Minute
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	return &Collector{store: store, cfg: cfg}
}

// Action describes what a pass did with one orphan.
type Action struct {
	Key    string `json:"key"`
	UID    string `json:"uid"`
	Result string `json:"result"` // "deleted", "gone", "skipped", "would-delete" or "failed"
	Error  string `json:"error,omitempty"`
}

// Report summarises one collection pass.
type Report struct {
	StartedAt time.Time `json:"startedAt"`
	Scanned   int       `json:"scanned"`
	Actions   []Action  `json:"-"`
}

// Deleted returns the number of objects removed by the pass.
func (r *Report) Deleted() int {
	n := 0
	for _, a := range r.Actions {
		if a.Result == "deleted" {
			n++
		}
	}
	return n
}

// Collect runs one pass: it lists the store, finds orphans, deletes them and
// publishes an audit report. Delete failures are recorded in the report and
// do not stop the pass; the returned error reports listing and auditing
// failures only.
func (c *Collector) Collect(ctx context.Context) (*Report, error) {
	rep := &Report{StartedAt: c.cfg.Clock.Now()}
	objs, err := c.store.List(ctx)
	if err != nil {
		return nil, fmt.Errorf("gc: list objects: %w", err)
	}
	rep.Scanned = len(objs)

	for _, o := range findOrphans(objs, rep.StartedAt.Add(-c.cfg.MinAge)) {
		a := Action{Key: o.Key(), UID: o.UID}
		switch {
		case len(o.Finalizers) > 0:
			a.Result = "skipped"
		case c.cfg.DryRun:
			a.Result = "would-delete"
		default:
			err := c.store.Delete(ctx, o.Key(), o.UID)
			switch {
			case err == nil:
				a.Result = "deleted"
			case errors.Is(err, ErrNotFound), errors.Is(err, ErrConflict):
				a.Result = "gone"
			default:
				a.Result, a.Error = "failed", err.Error()
			}
		}
		rep.Actions = append(rep.Actions, a)
	}

	if c.cfg.Audit != nil && len(rep.Actions) > 0 {
		if err := c.publish(ctx, rep); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// findOrphans returns, in deletion order, the objects created before cutoff
// whose owners are all gone, either absent from objs or orphans themselves.
// An owner reference only counts if the UID matches: an owner that was
// deleted and recreated under the same name does not adopt old dependents.
func findOrphans(objs []Object, cutoff time.Time) []Object {
	byUID := make(map[string]Object, len(objs))
	for _, o := range objs {
		byUID[o.UID] = o
	}

	orphan := make(map[string]bool)
	var order []Object
	for changed := true; changed; {
		changed = false
		for _, o := range objs {
			if orphan[o.UID] || len(o.Owners) == 0 || !o.CreatedAt.Before(cutoff) {
				continue
			}
			alive := false
			for _, ref := range o.Owners {
				if owner, ok := byUID[ref.UID]; ok && owner.Name == ref.Name && !orphan[ref.UID] {
					alive = true
					break
				}
			}
			if !alive {
				orphan[o.UID] = true
				order = append(order, o)
				changed = true
			}
		}
	}

	// Delete dependents before their owners where both are orphans, so a
	// partial pass never leaves a dependent whose owner has vanished twice.
	depth := func(o Object) int {
		d := 0
		for cur := o; ; d++ {
			if len(cur.Owners) == 0 {
				return d
			}
			next, ok := byUID[cur.Owners[0].UID]
			if !ok || d > len(objs) {
				return d
			}
			cur = next
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return depth(order[i]) > depth(order[j]) })
	return order
}
