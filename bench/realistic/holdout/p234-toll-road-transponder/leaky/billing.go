package gantry

import (
	"fmt"
	"strings"
	"time"
)

// Method says how a passage was billed.
type Method string

// Billing methods.
const (
	MethodTag   Method = "tag"
	MethodVideo Method = "video"
)

// Txn is a toll transaction for the back office.
type Txn struct {
	ID          string
	Gantry      string
	AccountID   string
	TagID       string
	Plate       string
	Lane        int
	Class       VehicleClass
	At          time.Time
	Method      Method
	AmountCents int64
	Flagged     bool
	AlertReason string
}

// RateTable holds tolls in cents per vehicle class, with a peak multiplier
// for weekday rush hours and a surcharge for plate-billed passages.
type RateTable struct {
	Base           map[VehicleClass]int64
	PeakPercent    int64
	VideoSurcharge int64
	PeakHours      [][2]int
}

// DefaultRates is the rate table published for the current fiscal year.
func DefaultRates() RateTable {
	return RateTable{
		Base: map[VehicleClass]int64{
			ClassMotorcycle: 95,
			ClassCar:        190,
			ClassLightTruck: 380,
			ClassHeavyTruck: 760,
		},
		PeakPercent:    150,
		VideoSurcharge: 125,
		PeakHours:      [][2]int{{6, 9}, {16, 19}},
	}
}

func (rt RateTable) peak(at time.Time) bool {
	if wd := at.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	h := at.Hour()
	for _, p := range rt.PeakHours {
		if h >= p[0] && h < p[1] {
			return true
		}
	}
	return false
}

// Price returns the toll for a class at a time, before discounts.
func (rt RateTable) Price(class VehicleClass, at time.Time) (int64, error) {
	base, ok := rt.Base[class]
	if !ok {
		return 0, fmt.Errorf("no rate for vehicle class %d", class)
	}
	if rt.peak(at) {
		base = base * rt.PeakPercent / 100
	}
	return base, nil
}

func normalizePlate(p string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(p), " ", ""))
}

func (g *Gantry) duplicate(r TagRead) bool {
	key := "tag:" + r.TagID
	if r.TagID == "" {
		key = "plate:" + normalizePlate(r.Plate)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for k, seen := range g.recent {
		if r.At.Sub(seen) > g.dedupeWindow {
			delete(g.recent, k)
		}
	}
	if seen, ok := g.recent[key]; ok && r.At.Sub(seen) <= g.dedupeWindow {
		return true
	}
	g.recent[key] = r.At
	return false
}

func (g *Gantry) buildTxn(r TagRead, acct *Account, hit hotlistResult) (Txn, error) {
	amount, err := g.rates.Price(r.Class, r.At)
	if err != nil {
		return Txn{}, fmt.Errorf("gantry %s: %w", g.id, err)
	}
	g.mu.Lock()
	g.seq++
	seq := g.seq
	g.mu.Unlock()

	txn := Txn{
		ID:     fmt.Sprintf("%s-%s-%06d", g.id, r.At.UTC().Format("20060102"), seq),
		Gantry: g.id,
		TagID:  r.TagID,
		Plate:  normalizePlate(r.Plate),
		Lane:   r.Lane,
		Class:  r.Class,
		At:     r.At,
		Method: MethodTag,
	}
	switch {
	case acct != nil && acct.Status != StatusSuspended:
		txn.AccountID = acct.ID
		amount -= amount * int64(acct.DiscountPct) / 100
	case txn.Plate == "":
		return Txn{}, fmt.Errorf("gantry %s: tag %s cannot be billed and no plate was read", g.id, r.TagID)
	default:
		txn.Method = MethodVideo
		amount += g.rates.VideoSurcharge
	}
	txn.AmountCents = amount
	if hit.hit {
		txn.Flagged = true
		txn.AlertReason = fmt.Sprintf("%s: %s", hit.alert.Agency, hit.alert.Reason)
	}
	return txn, nil
}
