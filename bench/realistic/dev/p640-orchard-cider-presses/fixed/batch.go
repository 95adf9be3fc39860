package cider

import (
	"context"
	"errors"
	"time"
)

// Batch is a load of apples from one orchard block, pressed together.
type Batch struct {
	ID       string
	Orchard  string
	Block    string
	Variety  string
	ApplesKg float64
	Arrived  time.Time
}

// Reading is a flow-meter and refractometer reading from a press.
type Reading struct {
	Press      int
	Litres     float64
	Brix       float64
	PatulinPPB float64
	At         time.Time
}

// Totals is what a batch yielded.
type Totals struct {
	BatchID   string
	Litres    float64
	MeanBrix  float64
	MaxBrix   float64
	MinBrix   float64
	Readings  int
	LPerTonne float64
}

// Grade is the use the juice is fit for.
type Grade string

// Grades, from best to worst.
const (
	GradeSingleVariety Grade = "single-variety"
	GradeBlend         Grade = "blend"
	GradeVinegar       Grade = "vinegar"
)

// Record is a finished batch as filed with the cellar.
type Record struct {
	Batch    Batch
	Totals   Totals
	Grade    Grade
	Tank     string
	Finished time.Time
}

// Cellar is where juice goes after pressing.
type Cellar interface {
	Store(ctx context.Context, rec Record) error
	Discard(ctx context.Context, batchID, reason string) error
}

var (
	// ErrUnknownBatch is returned for a batch that is not on a press.
	ErrUnknownBatch = errors.New("cider: batch not on a press")
	// ErrPressesBusy is returned when every press is in use.
	ErrPressesBusy = errors.New("cider: all presses busy")
	// ErrBatchOpen is returned when a batch is already on a press.
	ErrBatchOpen = errors.New("cider: batch already on a press")
	// ErrRejected is returned when a batch fails a food safety check.
	ErrRejected = errors.New("cider: batch rejected")
)

// tally sums the readings of one batch until in is closed and then sends
// the totals on the returned channel.
func tally(b Batch, in <-chan Reading) <-chan Totals {
	out := make(chan Totals, 1)
	go func() {
		t := Totals{BatchID: b.ID}
		var brixLitres float64
		for r := range in {
			if r.Litres <= 0 {
				continue
			}
			t.Readings++
			t.Litres += r.Litres
			brixLitres += r.Brix * r.Litres
			if t.Readings == 1 || r.Brix > t.MaxBrix {
				t.MaxBrix = r.Brix
			}
			if t.Readings == 1 || r.Brix < t.MinBrix {
				t.MinBrix = r.Brix
			}
		}
		if t.Litres > 0 {
			t.MeanBrix = brixLitres / t.Litres
		}
		if b.ApplesKg > 0 {
			t.LPerTonne = t.Litres / (b.ApplesKg / 1000)
		}
		out <- t
	}()
	return out
}

func grade(t Totals, minBrix, minSingle float64) Grade {
	switch {
	case t.MeanBrix >= minSingle && t.MaxBrix-t.MinBrix < 2:
		return GradeSingleVariety
	case t.MeanBrix >= minBrix:
		return GradeBlend
	default:
		return GradeVinegar
	}
}
