package pressroom

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Ink is one of the process or spot inks a plate is imaged for.
type Ink string

// Process inks, in the order they are laid down on a four-unit press.
const (
	Cyan    Ink = "C"
	Magenta Ink = "M"
	Yellow  Ink = "Y"
	Black   Ink = "K"
)

// Job is a print order as it arrives from prepress.
type Job struct {
	ID        string
	Title     string
	Inks      []Ink
	Sheets    int // number of good sheets ordered
	Makeready int // sheets allowed for register and colour set-up
	Due       time.Time
}

// Validate reports whether the job can be sent to the platesetter.
func (j Job) Validate() error {
	var problems []string
	if j.ID == "" {
		problems = append(problems, "missing job ID")
	}
	if len(j.Inks) == 0 {
		problems = append(problems, "no inks")
	}
	seen := make(map[Ink]bool, len(j.Inks))
	for _, ink := range j.Inks {
		if seen[ink] {
			problems = append(problems, fmt.Sprintf("ink %s listed twice", ink))
		}
		seen[ink] = true
	}
	if j.Sheets <= 0 {
		problems = append(problems, "sheet count must be positive")
	}
	if j.Makeready < 0 {
		problems = append(problems, "negative makeready")
	}
	if len(problems) > 0 {
		return fmt.Errorf("job %q: %s", j.ID, strings.Join(problems, "; "))
	}
	return nil
}

// Plate is an imaged printing plate for one ink of a job.
type Plate struct {
	JobID  string
	Ink    Ink
	Serial string
	Imaged time.Time
}

// PlateSet is everything a press needs to run one job.
type PlateSet struct {
	Job    Job
	Plates []Plate
}

var (
	// ErrRackFull is returned when the plate rack cannot hold another set.
	ErrRackFull = errors.New("pressroom: plate rack full")
	// ErrClosed is returned once the pressroom is shutting down.
	ErrClosed = errors.New("pressroom: closed")
)

// plateRack is the staging rack between the platesetter and the presses.
// Presses take whole plate sets in the order they were imaged.
type plateRack struct {
	mu     sync.Mutex
	ready  *sync.Cond
	sets   []PlateSet
	limit  int
	closed bool
}

func newPlateRack(limit int) *plateRack {
	r := &plateRack{limit: limit}
	r.ready = sync.NewCond(&r.mu)
	return r
}

func (r *plateRack) put(s PlateSet) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return ErrClosed
	}
	if r.limit > 0 && len(r.sets) >= r.limit {
		return ErrRackFull
	}
	r.sets = append(r.sets, s)
	r.ready.Signal()
	return nil
}

// take blocks until a plate set is available. It reports false once the rack
// has been closed and every remaining set has been handed out.
func (r *plateRack) take() (PlateSet, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.sets) == 0 && !r.closed {
		r.ready.Wait() // leak: close wakes only one of the idle presses
	}
	if len(r.sets) == 0 {
		return PlateSet{}, false
	}
	s := r.sets[0]
	r.sets[0] = PlateSet{}
	r.sets = r.sets[1:]
	return s, true
}

func (r *plateRack) waiting() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.sets)
}

// close stops the rack from accepting new sets. Sets already racked are still
// handed out.
func (r *plateRack) close() {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	r.ready.Signal()
}
