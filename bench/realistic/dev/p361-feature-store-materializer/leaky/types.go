// Package materializer copies feature values from offline sources into an
// online store so that models can read fresh features at serving time.
//
// Feature views are materialized incrementally on a schedule (from the last
// watermark up to "now") or explicitly over a historical range with Backfill.
package materializer

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Row is a single entity's feature values at an event time.
type Row struct {
	EntityKey string
	EventTime time.Time
	Values    map[string]float64
}

// Source is an offline system (warehouse table, parquet dataset, stream
// archive) that can return the rows of a feature view for a time range.
type Source interface {
	// Name identifies the source; feature views refer to sources by name.
	Name() string
	// Read returns the rows of view whose event time is in [start, end).
	Read(ctx context.Context, view string, start, end time.Time) ([]Row, error)
}

// OnlineStore is the low-latency key-value store serving reads at inference
// time.
type OnlineStore interface {
	// Write upserts rows for view. Rows older than the stored value for the
	// same entity must be ignored by the implementation.
	Write(ctx context.Context, view string, rows []Row) error
}

// Clock abstracts time for scheduling and TTL decisions.
type Clock interface {
	Now() time.Time
}

// FeatureView describes a set of features computed from one source.
type FeatureView struct {
	// Name is the unique name of the view.
	Name string
	// Source is the name of the Source the view is read from.
	Source string
	// Features lists the value columns to copy. Other columns are dropped.
	Features []string
	// TTL bounds how old a row may be and still be served. Zero means no
	// limit.
	TTL time.Duration
	// Interval is how often the view is incrementally materialized.
	Interval time.Duration
}

// Window is a half-open time range [Start, End).
type Window struct {
	Start, End time.Time
}

func (w Window) String() string {
	return fmt.Sprintf("[%s, %s)", w.Start.UTC().Format(time.RFC3339), w.End.UTC().Format(time.RFC3339))
}

// splitWindows cuts [start, end) into consecutive windows no longer than size.
func splitWindows(start, end time.Time, size time.Duration) []Window {
	var out []Window
	for s := start; s.Before(end); s = s.Add(size) {
		e := s.Add(size)
		if e.After(end) {
			e = end
		}
		out = append(out, Window{Start: s, End: e})
	}
	return out
}

var (
	// ErrUnknownView is returned for operations on a view that was never
	// registered.
	ErrUnknownView = errors.New("materializer: unknown feature view")
	// ErrUnknownSource is returned when a view refers to a source that was
	// not configured.
	ErrUnknownSource = errors.New("materializer: unknown source")
	// ErrInvalidRange is returned for empty or inverted time ranges.
	ErrInvalidRange = errors.New("materializer: invalid time range")
)
