package germination

import (
	"context"
	"errors"
	"math"
	"time"
)

// Accession is a seed lot held in long-term storage.
type Accession struct {
	ID        string
	Taxon     string
	StoredAt  time.Time
	SeedCount int
}

// Observation is what a germination chamber reports at the end of a test.
type Observation struct {
	Chamber    string
	Sown       int
	Germinated int
	Abnormal   int
	Dormant    int
	Days       int
}

// Viability summarises one germination test.
type Viability struct {
	AccessionID string
	TestedAt    time.Time
	Sown        int
	Germinated  int
	Rate        float64
	LowerBound  float64
	Remaining   int
}

// Incubator runs a germination test on a sample drawn from an accession.
type Incubator interface {
	Germinate(ctx context.Context, acc Accession, sample int) (Observation, error)
}

// Inventory is the accession register of the seed bank.
type Inventory interface {
	RecordViability(ctx context.Context, v Viability) error
	FlagForRegeneration(ctx context.Context, accessionID, reason string) error
}

var (
	// ErrChamberFault means a chamber lost its set conditions and the
	// results of every test running in it are unreliable.
	ErrChamberFault = errors.New("germination: chamber fault")
	// ErrInsufficientSeed means an accession is too small to be sampled.
	ErrInsufficientSeed = errors.New("germination: insufficient seed")
)

// viabilityOf computes the germination rate and the lower bound of its
// Wilson score interval at the given z value.
func viabilityOf(acc Accession, obs Observation, z float64, now time.Time) Viability {
	v := Viability{
		AccessionID: acc.ID,
		TestedAt:    now,
		Sown:        obs.Sown,
		Germinated:  obs.Germinated,
		Remaining:   acc.SeedCount - obs.Sown,
	}
	if obs.Sown == 0 {
		return v
	}
	n := float64(obs.Sown)
	p := float64(obs.Germinated) / n
	v.Rate = p
	denom := 1 + z*z/n
	centre := p + z*z/(2*n)
	margin := z * math.Sqrt(p*(1-p)/n+z*z/(4*n*n))
	v.LowerBound = math.Max(0, (centre-margin)/denom)
	return v
}

// TrialReport is the outcome of a batch of germination tests.
type TrialReport struct {
	Started     time.Time
	Finished    time.Time
	Results     []Viability
	Regenerate  []string
	Skipped     map[string]error
	SeedsUsed   int
	MeanRate    float64
	LowestRate  float64
	LowestLotID string
}

func (r *TrialReport) add(v Viability) {
	r.Results = append(r.Results, v)
	r.SeedsUsed += v.Sown
	if len(r.Results) == 1 || v.Rate < r.LowestRate {
		r.LowestRate = v.Rate
		r.LowestLotID = v.AccessionID
	}
	var sum float64
	for _, res := range r.Results {
		sum += res.Rate
	}
	r.MeanRate = sum / float64(len(r.Results))
}
