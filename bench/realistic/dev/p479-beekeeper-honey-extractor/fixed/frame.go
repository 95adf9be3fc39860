package extractor

import (
	"errors"
	"fmt"
	"sort"
	"time"
)

// Frame is one uncapped comb frame taken from a honey super.
type Frame struct {
	ID         string
	Hive       string
	CappedPct  int
	GrossGrams int
	TareGrams  int
}

func (f Frame) validate() error {
	switch {
	case f.ID == "":
		return errors.New("frame without ID")
	case f.CappedPct < 0 || f.CappedPct > 100:
		return fmt.Errorf("frame %s: capped %d%% out of range", f.ID, f.CappedPct)
	case f.GrossGrams <= 0 || f.TareGrams < 0:
		return fmt.Errorf("frame %s: bad weights %d/%d g", f.ID, f.GrossGrams, f.TareGrams)
	case f.TareGrams >= f.GrossGrams:
		return fmt.Errorf("frame %s: tare %d g not below gross %d g", f.ID, f.TareGrams, f.GrossGrams)
	}
	return nil
}

// SpinStep is one stage of the spin profile. Radial extractors ramp up
// slowly so that heavy new comb does not blow out.
type SpinStep struct {
	RPM      int
	Duration time.Duration
}

// DefaultProfile is the three-stage profile used for medium frames.
func DefaultProfile() []SpinStep {
	return []SpinStep{
		{RPM: 120, Duration: 2 * time.Minute},
		{RPM: 250, Duration: 4 * time.Minute},
		{RPM: 380, Duration: 6 * time.Minute},
	}
}

// FrameResult is the outcome of extracting a single frame.
type FrameResult struct {
	FrameID     string
	Basket      int
	Grams       int
	MoisturePct float64
	Rejected    bool
	Reason      string
	Err         error
}

// SuperReport is the outcome of extracting every frame of one super.
type SuperReport struct {
	Super      string
	Frames     []FrameResult
	HoneyGrams int
	Rejected   int
	Failed     int
}

func (r *SuperReport) add(res FrameResult) {
	r.Frames = append(r.Frames, res)
	switch {
	case res.Err != nil:
		r.Failed++
	case res.Rejected:
		r.Rejected++
	default:
		r.HoneyGrams += res.Grams
	}
}

func (r SuperReport) sorted() SuperReport {
	frames := append([]FrameResult(nil), r.Frames...)
	sort.Slice(frames, func(i, j int) bool { return frames[i].FrameID < frames[j].FrameID })
	r.Frames = frames
	return r
}

// Totals are the season figures of one extractor.
type Totals struct {
	Supers     int
	Frames     int
	HoneyGrams int
	Rejected   int
	Failed     int
}
