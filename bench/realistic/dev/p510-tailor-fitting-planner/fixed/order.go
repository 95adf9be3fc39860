package fitting

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Garment is a kind of made-to-measure piece.
type Garment string

// Garments the shop drafts patterns for.
const (
	Jacket    Garment = "jacket"
	Trousers  Garment = "trousers"
	Waistcoat Garment = "waistcoat"
	Overcoat  Garment = "overcoat"
)

// bounds is the plausible range, in centimetres, of a body measurement.
type bounds struct{ min, max float64 }

var measurementBounds = map[string]bounds{
	"chest":       {70, 160},
	"waist":       {55, 160},
	"seat":        {70, 170},
	"shoulder":    {35, 60},
	"sleeve":      {50, 75},
	"back_length": {60, 95},
	"neck":        {30, 55},
	"inseam":      {60, 100},
	"outseam":     {85, 125},
	"thigh":       {40, 85},
}

var garmentMeasurements = map[Garment][]string{
	Jacket:    {"chest", "waist", "seat", "shoulder", "sleeve", "back_length"},
	Trousers:  {"waist", "seat", "inseam", "outseam", "thigh"},
	Waistcoat: {"chest", "waist", "back_length"},
	Overcoat:  {"chest", "seat", "shoulder", "sleeve", "back_length", "neck"},
}

// ErrUnknownMeasurement is returned for a measurement the shop does not take.
var ErrUnknownMeasurement = errors.New("unknown measurement")

// ErrImplausible is returned when a value is outside the plausible range.
var ErrImplausible = errors.New("implausible measurement")

// Order is a customer order for one or more garments.
type Order struct {
	ID       string
	Customer string
	Tailor   string
	Garments []Garment
	Placed   time.Time
}

func requiredMeasurements(garments []Garment) ([]string, error) {
	seen := make(map[string]bool)
	var out []string
	for _, g := range garments {
		names, ok := garmentMeasurements[g]
		if !ok {
			return nil, fmt.Errorf("unsupported garment %q", g)
		}
		for _, n := range names {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

func checkMeasurement(name string, cm float64) error {
	b, ok := measurementBounds[name]
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownMeasurement, name)
	}
	if cm < b.min || cm > b.max {
		return fmt.Errorf("%w: %s = %.1fcm, expected %.0f-%.0fcm", ErrImplausible, name, cm, b.min, b.max)
	}
	return nil
}

// orderState tracks measurements for an open order. The drafting goroutine
// waits on cond until every required measurement has been taken.
type orderState struct {
	order    Order
	required []string

	mu        sync.Mutex
	cond      *sync.Cond
	taken     map[string]float64
	cancelled bool
	closed    bool
}

func newOrderState(o Order, required []string) *orderState {
	st := &orderState{order: o, required: required, taken: make(map[string]float64)}
	st.cond = sync.NewCond(&st.mu)
	return st
}

// missingLocked returns the required measurements not taken yet. st.mu must be held.
func (st *orderState) missingLocked() []string {
	var out []string
	for _, n := range st.required {
		if _, ok := st.taken[n]; !ok {
			out = append(out, n)
		}
	}
	return out
}

func (st *orderState) snapshotLocked() map[string]float64 {
	out := make(map[string]float64, len(st.taken))
	for k, v := range st.taken {
		out[k] = v
	}
	return out
}
