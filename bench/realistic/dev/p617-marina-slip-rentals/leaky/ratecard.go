package marina

import (
	"math"
	"time"
)

// RateCard is the published price list used when dynamic pricing is not
// available. Amounts are in cents.
type RateCard struct {
	PerFootNight   int64
	ShorePowerFlat int64
	MinimumLOAFt   float64
	PeakMonths     []time.Month
	PeakMultiplier float64
	WeeklyNights   int
	WeeklyDiscount float64
}

// DefaultRateCard is the season's published card.
func DefaultRateCard() RateCard {
	return RateCard{
		PerFootNight:   325,
		ShorePowerFlat: 1500,
		MinimumLOAFt:   25,
		PeakMonths:     []time.Month{time.June, time.July, time.August},
		PeakMultiplier: 1.25,
		WeeklyNights:   7,
		WeeklyDiscount: 0.15,
	}
}

func (rc RateCard) peak(t time.Time) bool {
	for _, m := range rc.PeakMonths {
		if t.Month() == m {
			return true
		}
	}
	return false
}

// Quote prices a stay night by night, billing at least MinimumLOAFt.
func (rc RateCard) Quote(slip Slip, req Request, _ time.Time) Quote {
	loa := math.Max(math.Ceil(req.Boat.LengthFt), rc.MinimumLOAFt)
	base := int64(loa) * rc.PerFootNight
	if req.Boat.ShorePower && slip.ShorePower {
		base += rc.ShorePowerFlat
	}
	var total int64
	nights := req.Stay.Nights()
	for i := 0; i < nights; i++ {
		night := req.Stay.Arrive.AddDate(0, 0, i)
		n := base
		if rc.peak(night) {
			n = int64(math.Round(float64(n) * rc.PeakMultiplier))
		}
		total += n
	}
	if rc.WeeklyNights > 0 && nights >= rc.WeeklyNights {
		total = int64(math.Round(float64(total) * (1 - rc.WeeklyDiscount)))
	}
	return Quote{SlipID: slip.ID, Nightly: base, Total: total, Source: "ratecard"}
}
