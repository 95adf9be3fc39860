// Package featurestore serves online feature values for model inference and
// keeps them fresh by materializing rows from an offline source.
package featurestore

import (
	"context"
	"errors"
	"time"
)

// FeatureView is a named group of features keyed by the same entity.
type FeatureView struct {
	Name     string   // e.g. "user_activity_7d"
	Entity   string   // join key, e.g. "user_id"
	Features []string // columns materialized for this view
	// TTL bounds how old an online value may be before it is served as
	// stale. Zero means values never go stale.
	TTL time.Duration
}

// Row is one entity's values for a feature view at a point in time.
type Row struct {
	View      string
	EntityKey string
	Values    map[string]float64
	EventTime time.Time
}

// OfflineSource is the warehouse that feature rows are computed in.
type OfflineSource interface {
	// Pull returns the latest row per entity for view with an event time in
	// the half-open interval (since, until].
	Pull(ctx context.Context, view FeatureView, since, until time.Time) ([]Row, error)
}

// OnlineStore is the low-latency key-value store features are served from.
type OnlineStore interface {
	Put(ctx context.Context, rows []Row) error
	Get(ctx context.Context, view, entityKey string) (Row, bool, error)
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Status describes the quality of a served feature value.
type Status int

// Feature value statuses.
const (
	StatusPresent Status = iota
	StatusMissing
	StatusStale
)

// Value is a served feature value.
type Value struct {
	Value     float64
	Status    Status
	EventTime time.Time
}

// Errors returned by the store.
var (
	ErrClosed      = errors.New("featurestore: closed")
	ErrUnknownView = errors.New("featurestore: unknown feature view")
	ErrBadRef      = errors.New("featurestore: malformed feature reference")
)
