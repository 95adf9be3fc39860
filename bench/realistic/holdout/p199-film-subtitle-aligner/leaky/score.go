package subalign

import (
	"context"
	"errors"
	"time"
)

// ErrBeyondTrack is returned by detectors asked about audio past the end
// of the track.
var ErrBeyondTrack = errors.New("window beyond end of audio track")

// Segment is an interval of detected speech in the film's audio.
type Segment struct {
	Start time.Duration
	End   time.Duration
}

// SpeechDetector runs voice activity detection on the film's dialogue stem.
type SpeechDetector interface {
	// Speech returns the voiced intervals that intersect [from, to).
	Speech(ctx context.Context, from, to time.Duration) ([]Segment, error)
}

func intersect(a0, a1, b0, b1 time.Duration) time.Duration {
	lo, hi := a0, a1
	if b0 > lo {
		lo = b0
	}
	if b1 < hi {
		hi = b1
	}
	if hi <= lo {
		return 0
	}
	return hi - lo
}

// coverage is the fraction of cue time that falls on detected speech when
// every cue is moved by shift.
func coverage(cues []Cue, segs []Segment, shift time.Duration) float64 {
	var total, voiced time.Duration
	for _, c := range cues {
		s, e := c.Start+shift, c.End+shift
		total += e - s
		for _, g := range segs {
			if g.Start >= e {
				break
			}
			voiced += intersect(s, e, g.Start, g.End)
		}
	}
	if total == 0 {
		return 0
	}
	return float64(voiced) / float64(total)
}

// bestShift scans shifts in [-max, max] and returns the one with the
// highest coverage. Ties go to the smallest absolute shift.
func bestShift(cues []Cue, segs []Segment, max, step time.Duration) (time.Duration, float64) {
	var (
		best      time.Duration
		bestScore = -1.0
	)
	for d := -max; d <= max; d += step {
		sc := coverage(cues, segs, d)
		if sc > bestScore || (sc == bestScore && abs(d) < abs(best)) {
			best, bestScore = d, sc
		}
	}
	return best, bestScore
}

func abs(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
