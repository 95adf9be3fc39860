package timing

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Errors returned by the collector.
var (
	ErrUnknownMat = errors.New("timing: unknown mat")
	ErrClosed     = errors.New("timing: collector closed")
	ErrBadFrame   = errors.New("timing: malformed reader frame")
)

// Read is one detection of a shoe chip by a mat antenna.
type Read struct {
	Chip    string
	Mat     string
	Antenna int
	RSSI    int
	At      time.Time
}

// Split is a runner's official crossing of a timing point.
type Split struct {
	Bib     string
	Mat     string
	At      time.Time
	Elapsed time.Duration
}

// Roster maps chip codes to race bibs.
type Roster interface {
	BibForChip(chip string) (string, bool)
}

// SplitSink stores splits, typically the results database or live tracker.
type SplitSink interface {
	RecordSplit(ctx context.Context, s Split) error
}

// ParseFrame decodes a reader line of the form
// "CHIP,ANTENNA,RSSI,UNIX_MILLIS" as sent by the mat readers.
func ParseFrame(line string) (Read, error) {
	fields := strings.Split(strings.TrimSpace(line), ",")
	if len(fields) != 4 || fields[0] == "" {
		return Read{}, fmt.Errorf("%w: %q", ErrBadFrame, line)
	}
	ant, err := strconv.Atoi(fields[1])
	if err != nil {
		return Read{}, fmt.Errorf("%w: antenna %q", ErrBadFrame, fields[1])
	}
	rssi, err := strconv.Atoi(fields[2])
	if err != nil {
		return Read{}, fmt.Errorf("%w: rssi %q", ErrBadFrame, fields[2])
	}
	ms, err := strconv.ParseInt(fields[3], 10, 64)
	if err != nil {
		return Read{}, fmt.Errorf("%w: timestamp %q", ErrBadFrame, fields[3])
	}
	return Read{
		Chip:    strings.ToUpper(fields[0]),
		Antenna: ant,
		RSSI:    rssi,
		At:      time.UnixMilli(ms).UTC(),
	}, nil
}

// deduper keeps the first read of each chip: a runner standing on a mat is
// seen dozens of times, and only the first crossing counts.
type deduper struct {
	window time.Duration
	seen   map[string]time.Time
}

func newDeduper(window time.Duration) *deduper {
	return &deduper{window: window, seen: make(map[string]time.Time)}
}

func (d *deduper) first(r Read) bool {
	if t, ok := d.seen[r.Chip]; ok && r.At.Sub(t) < d.window {
		return false
	}
	d.seen[r.Chip] = r.At
	return true
}

// MatStats counts what a mat has produced.
type MatStats struct {
	BadFrames  int
	Reads      int
	Duplicates int
	Unknown    int
	Splits     int
	SinkErrors int
}
