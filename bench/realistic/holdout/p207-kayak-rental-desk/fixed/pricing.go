package rentaldesk

import (
	"fmt"
	"time"
)

// RateCard holds prices in cents.
type RateCard struct {
	Hourly      map[Class]int64
	Deposit     int64
	LatePerHalf int64
	DamageFee   int64
	ScuffFee    int64
}

// DefaultRates is the summer rate card.
var DefaultRates = RateCard{
	Hourly:      map[Class]int64{Single: 1800, Tandem: 2800, SitOnTop: 1500, Sea: 2500},
	Deposit:     20000,
	LatePerHalf: 700,
	DamageFee:   15000,
	ScuffFee:    1000,
}

// Quote is the amount held on a card when a rental starts.
func (rc RateCard) Quote(class Class, hours int) (int64, error) {
	rate, ok := rc.Hourly[class]
	if !ok {
		return 0, fmt.Errorf("rentaldesk: no rate for class %q", class)
	}
	if hours < 1 || hours > 8 {
		return 0, fmt.Errorf("rentaldesk: rentals run 1 to 8 hours, got %d", hours)
	}
	return rate*int64(hours) + rc.Deposit, nil
}

// Settle computes the final charge for a rental returned at in.
func (rc RateCard) Settle(r Rental, in time.Time, cond Condition) int64 {
	booked := r.Due.Sub(r.Out)
	total := rc.Hourly[r.Kayak.Class] * int64(booked/time.Hour)
	if late := in.Sub(r.Due); late > 5*time.Minute {
		halves := int64((late + 30*time.Minute - 1) / (30 * time.Minute))
		total += halves * rc.LatePerHalf
	}
	switch cond {
	case Scuffed:
		total += rc.ScuffFee
	case Damaged:
		total += rc.DamageFee
	}
	return total
}
