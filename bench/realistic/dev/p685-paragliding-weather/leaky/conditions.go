package paraweather

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// Site describes a launch and the conditions it can be flown in.
type Site struct {
	Name      string
	Lat, Lon  float64
	Elevation int // metres above mean sea level

	// DirFrom and DirTo bound the launch window in degrees true. The wind
	// must blow from inside [DirFrom, DirTo]; the window wraps through north
	// when DirFrom > DirTo.
	DirFrom, DirTo float64

	MaxWindKmh float64
	MaxGustKmh float64
}

// Reading is one source's view of the conditions at a site.
type Reading struct {
	Source     string
	ObservedAt time.Time
	WindKmh    float64
	GustKmh    float64
	WindDir    float64 // degrees true, direction the wind blows from
	CloudBase  int     // metres AMSL, 0 when unknown
	PrecipMm   float64 // last hour
}

// Verdict is the headline of a briefing.
type Verdict int

// Verdicts, from best to worst.
const (
	Unknown Verdict = iota
	Flyable
	Marginal
	NotFlyable
)

func (v Verdict) String() string {
	switch v {
	case Flyable:
		return "flyable"
	case Marginal:
		return "marginal"
	case NotFlyable:
		return "not flyable"
	default:
		return "unknown"
	}
}

// Briefing is the combined assessment for one site.
type Briefing struct {
	Site      Site
	IssuedAt  time.Time
	Readings  []Reading
	Missing   []string // optional sources that did not answer
	WindKmh   float64  // median of the sources
	GustKmh   float64  // strongest gust reported
	WindDir   float64  // vector mean of the sources
	CloudBase int      // lowest known base, 0 when unknown
	Verdict   Verdict
	Reasons   []string
}

// inWindow reports whether dir lies inside the launch window.
func inWindow(dir, from, to float64) bool {
	dir = normDeg(dir)
	from, to = normDeg(from), normDeg(to)
	if from <= to {
		return dir >= from && dir <= to
	}
	return dir >= from || dir <= to
}

func normDeg(d float64) float64 {
	d = math.Mod(d, 360)
	if d < 0 {
		d += 360
	}
	return d
}

// meanDirection averages directions as unit vectors so that 350° and 10°
// give 0° rather than 180°.
func meanDirection(dirs []float64) float64 {
	var x, y float64
	for _, d := range dirs {
		r := d * math.Pi / 180
		x += math.Cos(r)
		y += math.Sin(r)
	}
	return normDeg(math.Atan2(y, x) * 180 / math.Pi)
}

func median(vals []float64) float64 {
	if len(vals) == 0 {
		return 0
	}
	s := append([]float64(nil), vals...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// assess combines the readings into a verdict for the site.
func assess(site Site, readings []Reading, now time.Time) Briefing {
	b := Briefing{Site: site, IssuedAt: now, Readings: readings}
	if len(readings) == 0 {
		b.Verdict = Unknown
		b.Reasons = append(b.Reasons, "no usable readings")
		return b
	}

	winds := make([]float64, 0, len(readings))
	dirs := make([]float64, 0, len(readings))
	var rain float64
	for _, r := range readings {
		winds = append(winds, r.WindKmh)
		dirs = append(dirs, r.WindDir)
		if r.GustKmh > b.GustKmh {
			b.GustKmh = r.GustKmh
		}
		if r.CloudBase > 0 && (b.CloudBase == 0 || r.CloudBase < b.CloudBase) {
			b.CloudBase = r.CloudBase
		}
		if r.PrecipMm > rain {
			rain = r.PrecipMm
		}
	}
	b.WindKmh = median(winds)
	b.WindDir = meanDirection(dirs)

	verdict := Flyable
	worsen := func(v Verdict, reason string, args ...interface{}) {
		if v > verdict {
			verdict = v
		}
		b.Reasons = append(b.Reasons, fmt.Sprintf(reason, args...))
	}

	switch {
	case b.WindKmh > site.MaxWindKmh:
		worsen(NotFlyable, "wind %.0f km/h above site limit %.0f", b.WindKmh, site.MaxWindKmh)
	case b.WindKmh > 0.8*site.MaxWindKmh:
		worsen(Marginal, "wind %.0f km/h close to site limit", b.WindKmh)
	}
	if b.GustKmh > site.MaxGustKmh {
		worsen(NotFlyable, "gusts %.0f km/h above site limit %.0f", b.GustKmh, site.MaxGustKmh)
	} else if b.WindKmh > 0 && b.GustKmh-b.WindKmh > 15 {
		worsen(Marginal, "gust factor %.0f km/h", b.GustKmh-b.WindKmh)
	}
	if b.WindKmh >= 5 && !inWindow(b.WindDir, site.DirFrom, site.DirTo) {
		worsen(NotFlyable, "wind from %03.0f° outside launch window %03.0f°-%03.0f°",
			b.WindDir, site.DirFrom, site.DirTo)
	}
	if b.CloudBase > 0 && b.CloudBase-site.Elevation < 300 {
		worsen(NotFlyable, "cloud base %d m only %d m above launch", b.CloudBase, b.CloudBase-site.Elevation)
	}
	if rain > 0.2 {
		worsen(NotFlyable, "precipitation %.1f mm in the last hour", rain)
	}
	b.Verdict = verdict
	return b
}
