// Package gc implements a garbage collector for a resource store: objects
// whose owners have all been deleted are orphans and are removed, along with
// any dependents that become orphaned as a result.
package gc

import (
	"context"
	"errors"
	"time"
)

var (
	// ErrNotFound is returned by a Store when the object no longer exists.
	ErrNotFound = errors.New("object not found")
	// ErrConflict is returned by a Store when a delete precondition fails,
	// e.g. because the object was replaced by a new one with the same name.
	ErrConflict = errors.New("precondition failed")
)

// OwnerReference points from a dependent to the object that owns it.
type OwnerReference struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
	UID  string `json:"uid"`
}

// Object is the metadata the collector needs about a stored resource.
type Object struct {
	Kind       string           `json:"kind"`
	Namespace  string           `json:"namespace"`
	Name       string           `json:"name"`
	UID        string           `json:"uid"`
	Owners     []OwnerReference `json:"ownerReferences,omitempty"`
	Finalizers []string         `json:"finalizers,omitempty"`
	CreatedAt  time.Time        `json:"createdAt"`
}

// Key returns the namespaced name of the object, e.g. "ReplicaSet/prod/web-5d8".
func (o Object) Key() string {
	return o.Kind + "/" + o.Namespace + "/" + o.Name
}

// Store is the resource store being collected.
type Store interface {
	// List returns every object in the store.
	List(ctx context.Context) ([]Object, error)
	// Delete removes the object with the given key, provided its UID still
	// matches uid.
	Delete(ctx context.Context, key, uid string) error
}

// Clock tells the time. It exists so tests can control object age.
type Clock interface {
	Now() time.Time
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }
