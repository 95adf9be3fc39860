package rivet

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// FrameSpacingMM is the distance between consecutive frame stations.
const FrameSpacingMM = 610

// Frame is one transverse frame of the hull, identified by its station
// number counted from the stern.
type Frame struct {
	Station int
	// GirthM is the length of shell plating riveted to this frame, keel
	// to sheer strake, on one side.
	GirthM float64
	// PlateMM is the shell plate thickness at this frame.
	PlateMM float64
}

// Hull is a hull on the slipway awaiting shell riveting.
type Hull struct {
	Number string
	Frames []Frame
}

// Bay is the stretch of shell between two adjacent frames, riveted by one
// crew.
type Bay struct {
	ID         string
	Aft, Fore  int
	Rivets     int
	DiameterMM int
}

// rivetDiameter follows the yard's rule of thumb for shell work.
func rivetDiameter(plateMM float64) int {
	switch {
	case plateMM <= 10:
		return 16
	case plateMM <= 15:
		return 19
	case plateMM <= 20:
		return 22
	default:
		return 25
	}
}

// Bays splits the hull into bays, one per pair of adjacent frames, and
// works out how many rivets each needs at the given pitch (in rivet
// diameters).
func (h Hull) Bays(pitch float64) ([]Bay, error) {
	if h.Number == "" {
		return nil, errors.New("rivet: hull has no yard number")
	}
	if len(h.Frames) < 2 {
		return nil, fmt.Errorf("rivet: hull %s needs at least two frames", h.Number)
	}
	if pitch <= 0 {
		return nil, fmt.Errorf("rivet: invalid pitch %.1f", pitch)
	}
	frames := append([]Frame(nil), h.Frames...)
	sort.Slice(frames, func(i, j int) bool { return frames[i].Station < frames[j].Station })

	bays := make([]Bay, 0, len(frames)-1)
	for i := 1; i < len(frames); i++ {
		aft, fore := frames[i-1], frames[i]
		if aft.Station == fore.Station {
			return nil, fmt.Errorf("rivet: hull %s has two frames at station %d", h.Number, aft.Station)
		}
		plate := math.Max(aft.PlateMM, fore.PlateMM)
		d := rivetDiameter(plate)
		rows := 1
		if plate > 12 {
			rows = 2
		}
		girth := (aft.GirthM + fore.GirthM) / 2
		spacing := float64(fore.Station-aft.Station) * FrameSpacingMM
		perFrame := int(girth * 1000 / (pitch * float64(d)))
		perSeam := int(spacing / (pitch * float64(d)))
		bays = append(bays, Bay{
			ID:         fmt.Sprintf("%s/%d-%d", h.Number, aft.Station, fore.Station),
			Aft:        aft.Station,
			Fore:       fore.Station,
			Rivets:     2*rows*perFrame + rows*perSeam,
			DiameterMM: d,
		})
	}
	return bays, nil
}
