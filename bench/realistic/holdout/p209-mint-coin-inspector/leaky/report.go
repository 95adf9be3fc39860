package inspector

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Lot is a batch of coins pulled from one press run.
type Lot struct {
	ID    string
	Press string
	Coins []Coin
}

// LotReport summarises the inspection of a lot.
type LotReport struct {
	LotID     string
	Inspected int
	Errors    int
	ByGrade   map[Grade]int
	ByDefect  map[string]int
	Started   time.Time
	Finished  time.Time
	Unscanned []string
}

func newLotReport(lot Lot) *LotReport {
	return &LotReport{
		LotID:    lot.ID,
		ByGrade:  make(map[Grade]int),
		ByDefect: make(map[string]int),
		Started:  time.Now(),
	}
}

func (r *LotReport) add(v Verdict) {
	r.Inspected++
	r.ByGrade[v.Grade]++
	if v.Err != nil {
		r.Errors++
		r.Unscanned = append(r.Unscanned, v.Coin.Serial)
		return
	}
	for _, d := range v.Defects {
		r.ByDefect[d.Code]++
	}
}

// ScrapRate is the fraction of scanned coins graded as scrap.
func (r *LotReport) ScrapRate() float64 {
	scanned := r.Inspected - r.Errors
	if scanned <= 0 {
		return 0
	}
	return float64(r.ByGrade[GradeScrap]) / float64(scanned)
}

// Summary renders a one-line human readable summary of the lot.
func (r *LotReport) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "lot %s: %d inspected", r.LotID, r.Inspected)
	grades := make([]string, 0, len(r.ByGrade))
	for g := range r.ByGrade {
		grades = append(grades, string(g))
	}
	sort.Strings(grades)
	for _, g := range grades {
		fmt.Fprintf(&b, ", %s=%d", g, r.ByGrade[Grade(g)])
	}
	fmt.Fprintf(&b, ", scrap %.1f%%", r.ScrapRate()*100)
	if !r.Finished.IsZero() {
		fmt.Fprintf(&b, " in %s", r.Finished.Sub(r.Started).Round(time.Millisecond))
	}
	return b.String()
}

// Stats are running totals kept by an Inspector across lots.
type Stats struct {
	Lots        int
	Coins       int
	Scrapped    int
	ScanErrors  int
	DieFailures int
}
