// Package platescan digitises an observatory's historical glass plate
// collection: plates are scanned, plate-solved against a star catalogue,
// and the results kept in an archive alongside the observers' logbooks.
package platescan

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"log"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Logger is the subset of *log.Logger used here.
type Logger interface {
	Printf(format string, args ...interface{})
}

// Plate is a catalogued glass plate.
type Plate struct {
	ID        string
	Telescope string
	Center    Coord // nominal pointing from the plate envelope
	Exposed   time.Time
}

// Annotation is a transcribed logbook entry for a plate.
type Annotation struct {
	Observer string
	Exposure time.Duration
	Note     string
}

// Record is everything the archive knows about one plate.
type Record struct {
	Plate    Plate
	Notes    []Annotation
	Scans    int
	Solution *Solution
	SolveErr string
}

// EventKind says what changed in the archive.
type EventKind int

// Archive events.
const (
	EventAnnotated EventKind = iota + 1
	EventSolved
	EventSolveFailed
)

// Event is delivered to subscribers after a change is committed.
type Event struct {
	Kind    EventKind
	PlateID string
}

// ErrUnknownPlate is returned for plate IDs not in the catalogue.
var ErrUnknownPlate = errors.New("platescan: unknown plate")

// ArchiveOption customises an Archive.
type ArchiveOption func(*Archive)

// WithArchiveLogger sets the archive logger.
func WithArchiveLogger(l Logger) ArchiveOption { return func(a *Archive) { a.log = l } }

// WithSolveTimeout bounds one plate solve.
func WithSolveTimeout(d time.Duration) ArchiveOption {
	return func(a *Archive) { a.solveTimeout = d }
}

// WithSearchRadius sets how far from the nominal pointing a solution may lie.
func WithSearchRadius(deg float64) ArchiveOption { return func(a *Archive) { a.radius = deg } }

// WithSubscriber registers a function called after each committed change.
func WithSubscriber(fn func(Event)) ArchiveOption {
	return func(a *Archive) { a.subscribers = append(a.subscribers, fn) }
}

// Archive holds the plate catalogue and its scan results.
type Archive struct {
	solver       Solver
	log          Logger
	solveTimeout time.Duration
	radius       float64
	subscribers  []func(Event)

	mu     sync.RWMutex
	plates map[string]*Record
}

// NewArchive creates an archive over the given catalogue.
func NewArchive(solver Solver, catalogue []Plate, opts ...ArchiveOption) (*Archive, error) {
	if solver == nil {
		return nil, errors.New("platescan: nil solver")
	}
	a := &Archive{
		solver:       solver,
		log:          log.Default(),
		solveTimeout: 30 * time.Second,
		radius:       2,
		plates:       make(map[string]*Record, len(catalogue)),
	}
	for _, opt := range opts {
		opt(a)
	}
	for _, p := range catalogue {
		if _, dup := a.plates[p.ID]; dup {
			return nil, fmt.Errorf("platescan: duplicate plate %s in catalogue", p.ID)
		}
		a.plates[p.ID] = &Record{Plate: p}
	}
	return a, nil
}

func (a *Archive) emit(ev Event) {
	for _, fn := range a.subscribers {
		fn(ev)
	}
}

// Lookup returns a copy of a plate record.
func (a *Archive) Lookup(id string) (Record, bool) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	rec, ok := a.plates[id]
	if !ok {
		return Record{}, false
	}
	cp := *rec
	cp.Notes = append([]Annotation(nil), rec.Notes...)
	return cp, true
}

// Annotate attaches a logbook entry to a plate.
func (a *Archive) Annotate(id string, n Annotation) error {
	a.mu.Lock()
	rec, ok := a.plates[id]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownPlate, id)
	}
	rec.Notes = append(rec.Notes, n)
	a.mu.Unlock()

	a.emit(Event{Kind: EventAnnotated, PlateID: id})
	return nil
}

// ImportLogbook reads a transcribed logbook in CSV form with the columns
// plate, observer, exposure in minutes, note. It stops at the first bad row
// and reports how many rows were imported.
func (a *Archive) ImportLogbook(r io.Reader) (int, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 4
	cr.TrimLeadingSpace = true
	imported := 0
	for line := 1; ; line++ {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return imported, nil
		}
		if err != nil {
			return imported, fmt.Errorf("platescan: logbook line %d: %w", line, err)
		}
		if line == 1 && strings.EqualFold(row[0], "plate") {
			continue
		}
		minutes, err := strconv.ParseFloat(row[2], 64)
		if err != nil {
			return imported, fmt.Errorf("platescan: logbook line %d: exposure %q: %w", line, row[2], err)
		}
		n := Annotation{
			Observer: row[1],
			Exposure: time.Duration(minutes * float64(time.Minute)),
			Note:     row[3],
		}
		if err := a.Annotate(strings.ToUpper(row[0]), n); err != nil {
			return imported, fmt.Errorf("platescan: logbook line %d: %w", line, err)
		}
		imported++
	}
}

// HandleScan is meant to be registered as a Digitizer callback: it solves
// the fresh scan in the background so the scanner can move to the next plate.
func (a *Archive) HandleScan(s Scan) {
	go a.solveAndStore(s)
}

func (a *Archive) solveAndStore(s Scan) {
	a.mu.RLock() // leak: Annotate returns on an unknown plate without releasing the write lock
	rec, ok := a.plates[s.PlateID]
	var hint Coord
	if ok {
		hint = rec.Plate.Center
	}
	a.mu.RUnlock()
	if !ok {
		a.log.Printf("platescan: scan of uncatalogued plate %s ignored", s.PlateID)
		return
	}

	ctx, cancel := context.WithTimeout(context.Background(), a.solveTimeout)
	defer cancel()
	sol, err := a.solver.Solve(ctx, s.Image, hint, a.radius)
	if err == nil {
		err = sol.check(hint, a.radius)
	}

	a.mu.Lock()
	rec.Scans++
	ev := Event{Kind: EventSolved, PlateID: s.PlateID}
	if err != nil {
		rec.SolveErr = err.Error()
		ev.Kind = EventSolveFailed
	} else {
		rec.Solution, rec.SolveErr = &sol, ""
	}
	a.mu.Unlock()

	if err != nil {
		a.log.Printf("platescan: plate %s scan %d: solve failed: %v", s.PlateID, s.Attempt, err)
	}
	a.emit(ev)
}
