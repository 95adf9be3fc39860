package microfilm

import (
	"context"
	"errors"
	"time"
)

// ErrFilmBreak is reported by a transport when the film tears or slips off
// the take-up spool. The reel has to be spliced by hand before retrying.
var ErrFilmBreak = errors.New("microfilm: film break")

// ErrBlankFrame is reported by a processor for frames without content.
var ErrBlankFrame = errors.New("microfilm: blank frame")

// Reel describes a loaded roll of film.
type Reel struct {
	ID         string
	Collection string
	Frames     int
	Polarity   Polarity
}

// Polarity of the film stock.
type Polarity int

const (
	Positive Polarity = iota
	Negative
)

// Transport moves film through the gate of the scanner.
type Transport interface {
	Load(ctx context.Context, reelID string) (Reel, error)
	Advance(ctx context.Context, frame int) error
	Unload(ctx context.Context) error
}

// Camera captures the frame currently in the gate.
type Camera interface {
	Capture(ctx context.Context) ([]byte, error)
}

// Processor cleans up a raw capture (deskew, crop, invert) and returns the
// archival master together with the measured density.
type Processor interface {
	Process(ctx context.Context, raw []byte, p Polarity) (master []byte, density float64, err error)
}

// Store keeps archival masters.
type Store interface {
	Put(ctx context.Context, key string, data []byte, meta FrameMeta) error
}

// FrameMeta is stored next to each master.
type FrameMeta struct {
	Reel       string
	Collection string
	Frame      int
	Density    float64
	ScannedAt  time.Time
}

// Report summarises the scan of one reel.
type Report struct {
	Reel     string
	Stored   int
	Blank    []int
	Failed   map[int]error
	Duration time.Duration
}

func (r *Report) ok() bool { return len(r.Failed) == 0 }
