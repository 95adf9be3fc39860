// Package streamjoin implements a windowed inner join over two keyed event
// streams.
//
// Records from the left and right inputs are matched when they share a key
// and their event times lie within a configured window of each other. Each
// match is handed to a Sink as a Pair. Buffered state is bounded by event-time
// watermarks: once both inputs have progressed far enough, records that can no
// longer find a partner are discarded.
package streamjoin

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Side identifies one of the two inputs of a join.
type Side int

const (
	// Left is the first input of the join.
	Left Side = iota
	// Right is the second input of the join.
	Right
)

// String implements fmt.Stringer.
func (s Side) String() string {
	switch s {
	case Left:
		return "left"
	case Right:
		return "right"
	default:
		return fmt.Sprintf("Side(%d)", int(s))
	}
}

// other returns the opposite side.
func (s Side) other() Side {
	if s == Left {
		return Right
	}
	return Left
}

// Record is a single keyed event carried by a stream.
type Record struct {
	// Key is the join key.
	Key string
	// Time is the event time of the record.
	Time time.Time
	// Value is the opaque payload.
	Value []byte
}

// Pair is one result of the join: a left and a right record with equal keys
// whose event times are within the join window.
type Pair struct {
	Key   string
	Left  Record
	Right Record
}

// Sink receives join results. Emit is called from the goroutine running
// Joiner.Run, one pair at a time. A non-nil error stops the join.
type Sink interface {
	Emit(ctx context.Context, p Pair) error
}

// Config configures a Joiner.
type Config struct {
	// Window is the maximum distance in event time between two records
	// that are joined. Required.
	Window time.Duration

	// AllowedLateness is how far behind the highest event time seen on a
	// side a record may arrive before it is treated as late. Zero means
	// records must arrive in event-time order per side.
	AllowedLateness time.Duration

	// MaxPerKey bounds the number of records buffered per key and side.
	// When the bound is reached the oldest record is dropped. Zero means
	// DefaultMaxPerKey.
	MaxPerKey int

	// Sink receives the join results. Required.
	Sink Sink

	// OnLate, if set, is called for every record dropped for arriving
	// behind the watermark.
	OnLate func(side Side, r Record)
}

// DefaultMaxPerKey is used when Config.MaxPerKey is zero.
const DefaultMaxPerKey = 1024

// ErrInvalidConfig is returned by New when the configuration is unusable.
var ErrInvalidConfig = errors.New("streamjoin: invalid config")

func (c *Config) validate() error {
	if c.Window <= 0 {
		return fmt.Errorf("%w: window must be positive, got %v", ErrInvalidConfig, c.Window)
	}
	if c.AllowedLateness < 0 {
		return fmt.Errorf("%w: negative allowed lateness %v", ErrInvalidConfig, c.AllowedLateness)
	}
	if c.MaxPerKey < 0 {
		return fmt.Errorf("%w: negative MaxPerKey %d", ErrInvalidConfig, c.MaxPerKey)
	}
	if c.Sink == nil {
		return fmt.Errorf("%w: nil sink", ErrInvalidConfig)
	}
	return nil
}
