// Package shuttlecount aggregates the pick counts reported by loom shuttle
// sensors into per-shift totals and checkpoints them to a store, so that a
// restarted counter resumes the shift where the previous process left off.
package shuttlecount

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// Pick is one reading from a loom's pick sensor: the number of weft
// insertions the given shuttle made since the previous reading.
type Pick struct {
	Loom    string
	Shuttle int
	Picks   int
	At      time.Time
}

// LoomTotals is the running total of one loom within a shift.
type LoomTotals struct {
	Loom     string
	Picks    int64
	Shuttles map[int]int64
	First    time.Time
	Last     time.Time
}

func (t LoomTotals) clone() LoomTotals {
	out := t
	out.Shuttles = make(map[int]int64, len(t.Shuttles))
	for k, v := range t.Shuttles {
		out.Shuttles[k] = v
	}
	return out
}

// Store persists shift totals between restarts of the counter.
type Store interface {
	LoadShift(ctx context.Context, shift string) ([]LoomTotals, error)
	SaveShift(ctx context.Context, shift string, totals []LoomTotals) error
}

var (
	// ErrNoShift is returned by a Store when nothing was saved for a shift yet.
	ErrNoShift = errors.New("shuttlecount: shift not found")
	// ErrClosed is returned when the counter no longer accepts readings.
	ErrClosed = errors.New("shuttlecount: counter closed")
	// ErrBadPick is returned for readings that fail validation.
	ErrBadPick = errors.New("shuttlecount: invalid pick reading")
	// ErrCorrupt is returned when a saved checkpoint cannot be trusted.
	ErrCorrupt = errors.New("shuttlecount: corrupt checkpoint")
)

// Config controls a Counter. Zero values are replaced by defaults.
type Config struct {
	// Shift identifies the production shift, e.g. "2024-06-03/B".
	Shift string
	// Shards is the number of aggregation workers. Looms are assigned to
	// shards by a hash of their identifier.
	Shards int
	// QueueLen is the buffer size of each shard's input queue.
	QueueLen int
	// MaxPicksPerReading rejects readings above this value; a rapier loom
	// running at 600 rpm reports far fewer picks per sample.
	MaxPicksPerReading int
	// Logger receives operational messages. Defaults to discarding them.
	Logger *log.Logger
}

const (
	defaultShards    = 4
	defaultQueueLen  = 64
	defaultMaxPicks  = 2000
	maxAllowedShards = 64
)

func (c *Config) setDefaults() {
	if c.Shards == 0 {
		c.Shards = defaultShards
	}
	if c.QueueLen == 0 {
		c.QueueLen = defaultQueueLen
	}
	if c.MaxPicksPerReading == 0 {
		c.MaxPicksPerReading = defaultMaxPicks
	}
	if c.Logger == nil {
		c.Logger = log.New(io.Discard, "", 0)
	}
}

func (c Config) validate() error {
	if c.Shift == "" {
		return errors.New("shuttlecount: config: shift is required")
	}
	if c.Shards < 1 || c.Shards > maxAllowedShards {
		return fmt.Errorf("shuttlecount: config: shards must be in [1,%d], got %d", maxAllowedShards, c.Shards)
	}
	if c.QueueLen < 0 {
		return fmt.Errorf("shuttlecount: config: negative queue length %d", c.QueueLen)
	}
	return nil
}

func validatePick(p Pick, max int) error {
	switch {
	case p.Loom == "":
		return fmt.Errorf("%w: missing loom id", ErrBadPick)
	case p.Shuttle < 1:
		return fmt.Errorf("%w: loom %s: shuttle %d", ErrBadPick, p.Loom, p.Shuttle)
	case p.Picks < 0 || p.Picks > max:
		return fmt.Errorf("%w: loom %s: %d picks in one reading", ErrBadPick, p.Loom, p.Picks)
	case p.At.IsZero():
		return fmt.Errorf("%w: loom %s: reading without timestamp", ErrBadPick, p.Loom)
	}
	return nil
}

func validateCheckpoint(t LoomTotals) error {
	if t.Loom == "" {
		return fmt.Errorf("%w: row without loom id", ErrCorrupt)
	}
	if t.Picks < 0 {
		return fmt.Errorf("%w: loom %s has %d picks", ErrCorrupt, t.Loom, t.Picks)
	}
	var sum int64
	for shuttle, n := range t.Shuttles {
		if shuttle < 1 || n < 0 {
			return fmt.Errorf("%w: loom %s shuttle %d has %d picks", ErrCorrupt, t.Loom, shuttle, n)
		}
		sum += n
	}
	if sum != t.Picks {
		return fmt.Errorf("%w: loom %s shuttles sum to %d, total is %d", ErrCorrupt, t.Loom, sum, t.Picks)
	}
	return nil
}
