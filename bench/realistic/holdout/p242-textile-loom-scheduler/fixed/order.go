package loom

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// ErrInvalidOrder is wrapped by every validation failure.
var ErrInvalidOrder = errors.New("loom: invalid order")

// Pattern is the weave draft for a fabric.
type Pattern struct {
	Name       string
	WidthCM    float64
	EndsPerCM  float64 // warp density
	PicksPerCM float64 // weft density
	Shafts     int
}

// Order is a customer order for a length of woven fabric.
type Order struct {
	ID      string
	Pattern Pattern
	LengthM float64
	Yarn    string
	Due     time.Time
	Rush    bool
}

const (
	loomWasteM = 0.6  // warp lost to tie-on and thrums per warp
	takeUp     = 0.08 // extra yarn taken up by interlacing
)

// Validate checks an order before it is accepted for scheduling.
func (o Order) Validate(maxShafts int) error {
	var problems []string
	if o.ID == "" {
		problems = append(problems, "missing order ID")
	}
	if o.Yarn == "" {
		problems = append(problems, "missing yarn")
	}
	if o.LengthM <= 0 {
		problems = append(problems, fmt.Sprintf("length %.2fm must be positive", o.LengthM))
	}
	p := o.Pattern
	if p.WidthCM <= 0 || p.EndsPerCM <= 0 || p.PicksPerCM <= 0 {
		problems = append(problems, fmt.Sprintf("pattern %q has incomplete draft", p.Name))
	}
	if maxShafts > 0 && p.Shafts > maxShafts {
		problems = append(problems, fmt.Sprintf("pattern %q needs %d shafts, looms have %d", p.Name, p.Shafts, maxShafts))
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: order %q: %s", ErrInvalidOrder, o.ID, strings.Join(problems, "; "))
	}
	return nil
}

// Ends is the number of warp threads across the width.
func (o Order) Ends() int {
	return int(o.Pattern.WidthCM*o.Pattern.EndsPerCM + 0.5)
}

// YarnMeters estimates the total warp and weft yarn the order consumes.
func (o Order) YarnMeters() float64 {
	warp := float64(o.Ends()) * (o.LengthM + loomWasteM)
	weft := o.Pattern.PicksPerCM * (o.LengthM * 100) * (o.Pattern.WidthCM / 100)
	return (warp + weft) * (1 + takeUp)
}

// queue orders rush orders first, then by due date, then by ID.
func queue(orders []Order) []Order {
	q := append([]Order(nil), orders...)
	sort.SliceStable(q, func(i, j int) bool {
		a, b := q[i], q[j]
		if a.Rush != b.Rush {
			return a.Rush
		}
		if !a.Due.Equal(b.Due) {
			return a.Due.Before(b.Due)
		}
		return a.ID < b.ID
	})
	return q
}
