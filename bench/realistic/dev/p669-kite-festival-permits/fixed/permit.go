// Package permits reviews flying permits for kite festivals. Each
// application is checked against the rules of the field it asks for and
// against the flyer's liability cover, and every application receives a
// decision.
package permits

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// KiteClass groups kites by how much room they need on a field.
type KiteClass int

// Kite classes, from the smallest footprint to the largest.
const (
	ClassSingleLine KiteClass = iota
	ClassStunt
	ClassPower
	ClassGiant
)

func (c KiteClass) String() string {
	switch c {
	case ClassSingleLine:
		return "single-line"
	case ClassStunt:
		return "stunt"
	case ClassPower:
		return "power"
	case ClassGiant:
		return "giant"
	default:
		return fmt.Sprintf("class(%d)", int(c))
	}
}

// Application is one flyer's request to fly in a festival slot.
type Application struct {
	ID         string
	Flyer      string
	Field      string
	Slot       time.Time
	Class      KiteClass
	LineMeters float64
	PolicyID   string
}

// slotKey identifies the flyer, field and slot an application claims.
// Two applications with the same key ask for the same thing.
func (a Application) slotKey() string {
	return strings.ToLower(strings.TrimSpace(a.Flyer)) + "|" +
		strings.ToLower(a.Field) + "|" +
		a.Slot.UTC().Format(time.RFC3339)
}

// Outcome is the result of reviewing an application.
type Outcome int

// Review outcomes.
const (
	Approved Outcome = iota
	Rejected
	Referred
)

func (o Outcome) String() string {
	switch o {
	case Approved:
		return "approved"
	case Rejected:
		return "rejected"
	case Referred:
		return "referred"
	default:
		return fmt.Sprintf("outcome(%d)", int(o))
	}
}

// Decision records what the festival office decided about an application.
type Decision struct {
	ApplicationID string
	Outcome       Outcome
	Reasons       []string
	DecidedAt     time.Time
}

// FieldRules are the limits a festival field imposes on flyers.
type FieldRules struct {
	Name           string
	MaxLineMeters  float64
	AllowedClasses []KiteClass
	// Opens and Closes are offsets from local midnight.
	Opens  time.Duration
	Closes time.Duration
}

// ErrUnknownField is returned for applications naming a field the
// festival does not run.
var ErrUnknownField = errors.New("permits: unknown field")

// check returns the reasons an application breaks the field's rules.
// An empty result means the application is acceptable.
func (r FieldRules) check(a Application) []string {
	var reasons []string
	if a.LineMeters <= 0 {
		reasons = append(reasons, "line length missing")
	} else if r.MaxLineMeters > 0 && a.LineMeters > r.MaxLineMeters {
		reasons = append(reasons, fmt.Sprintf("line %.0fm exceeds field limit %.0fm", a.LineMeters, r.MaxLineMeters))
	}
	if len(r.AllowedClasses) > 0 && !r.allows(a.Class) {
		reasons = append(reasons, fmt.Sprintf("%s kites not allowed on %s", a.Class, r.Name))
	}
	y, m, d := a.Slot.Date()
	midnight := time.Date(y, m, d, 0, 0, 0, 0, a.Slot.Location())
	offset := a.Slot.Sub(midnight)
	if r.Closes > r.Opens && (offset < r.Opens || offset >= r.Closes) {
		reasons = append(reasons, fmt.Sprintf("slot %s outside field hours", a.Slot.Format("15:04")))
	}
	return reasons
}

func (r FieldRules) allows(c KiteClass) bool {
	for _, allowed := range r.AllowedClasses {
		if allowed == c {
			return true
		}
	}
	return false
}
