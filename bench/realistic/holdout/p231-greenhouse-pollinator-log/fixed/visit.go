package pollinator

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Unidentified is the species recorded when the snapshot could not be
// classified with enough confidence.
const Unidentified = "unidentified"

// ErrUnknownBed is returned by a Climate for a bed it has no sensors in.
var ErrUnknownBed = errors.New("pollinator: unknown bed")

// CameraEvent is what a flower-cam sends when it detects an insect landing.
type CameraEvent struct {
	Camera   string
	Bed      string
	At       time.Time
	Dwell    time.Duration
	Snapshot []byte
}

func (e CameraEvent) validate() error {
	switch {
	case e.Camera == "":
		return errors.New("pollinator: event without camera id")
	case e.Bed == "":
		return fmt.Errorf("pollinator: camera %s: event without bed", e.Camera)
	case len(e.Snapshot) == 0:
		return fmt.Errorf("pollinator: camera %s: empty snapshot", e.Camera)
	case e.Dwell < 0:
		return fmt.Errorf("pollinator: camera %s: negative dwell %s", e.Camera, e.Dwell)
	}
	return nil
}

// Label is one answer of the species model.
type Label struct {
	Taxon string
	Score float64
}

// Classifier is the species model served by the vision team.
type Classifier interface {
	Classify(ctx context.Context, snapshot []byte) (Label, error)
}

// Conditions are the climate readings of a bed.
type Conditions struct {
	TempC    float64
	Humidity float64
}

// Climate reads the bed sensors of the greenhouse controller.
type Climate interface {
	Conditions(ctx context.Context, bed string) (Conditions, error)
}

// Store persists visits.
type Store interface {
	Append(ctx context.Context, v Visit) error
}

// Visit is one pollinator visit as written to the log.
type Visit struct {
	Bed        string
	Camera     string
	At         time.Time
	Species    string
	Confidence float64
	Dwell      time.Duration
	Repeats    int
	Climate    Conditions
}

var commonNames = map[string]string{
	"bombus_terrestris":    "buff-tailed bumblebee",
	"bombus_pascuorum":     "common carder bee",
	"apis_mellifera":       "western honey bee",
	"osmia_bicornis":       "red mason bee",
	"episyrphus_balteatus": "marmalade hoverfly",
	"eristalis_tenax":      "drone fly",
}

func commonName(taxon string) string {
	t := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(taxon), " ", "_"))
	if n, ok := commonNames[t]; ok {
		return n
	}
	return t
}

// SpeciesCount is one line of a bed summary.
type SpeciesCount struct {
	Species string
	Visits  int
	Dwell   time.Duration
}
