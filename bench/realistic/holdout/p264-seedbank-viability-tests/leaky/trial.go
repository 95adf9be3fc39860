package seedbank

import (
	"errors"
	"fmt"
	"time"
)

var (
	// ErrUnknownAccession is returned for an accession number not in the bank.
	ErrUnknownAccession = errors.New("seedbank: unknown accession")
	// ErrNoOpenTrial is returned when counts arrive for an accession with no trial running.
	ErrNoOpenTrial = errors.New("seedbank: no open germination trial")
	// ErrDuplicateReplicate is returned when a replicate is counted twice.
	ErrDuplicateReplicate = errors.New("seedbank: replicate already counted")
	// ErrBadCount is returned for counts that cannot be right.
	ErrBadCount = errors.New("seedbank: impossible count")
)

// Accession is one seed lot held in the vault.
type Accession struct {
	Number     string // e.g. "MSB-0412873"
	Taxon      string
	Collected  time.Time
	SeedCount  int
	LastResult *Result
	Regenerate bool // viability fell below the bank's threshold
}

// Count is the tally for one replicate dish at the end of the test period.
type Count struct {
	Replicate int
	Normal    int // normal seedlings
	Abnormal  int
	Fresh     int // fresh ungerminated, dormant
	Dead      int
}

func (c Count) total() int { return c.Normal + c.Abnormal + c.Fresh + c.Dead }

// Trial is a germination test in progress: Replicates dishes of Sown seeds.
type Trial struct {
	Accession  string
	Started    time.Time
	Replicates int
	Sown       int // seeds per replicate
	counts     map[int]Count
}

func newTrial(acc string, reps, sown int, now time.Time) *Trial {
	return &Trial{Accession: acc, Started: now, Replicates: reps, Sown: sown, counts: make(map[int]Count)}
}

func (t *Trial) record(c Count) error {
	if c.Replicate < 1 || c.Replicate > t.Replicates {
		return fmt.Errorf("%w: replicate %d of %d", ErrBadCount, c.Replicate, t.Replicates)
	}
	if c.Normal < 0 || c.Abnormal < 0 || c.Fresh < 0 || c.Dead < 0 {
		return fmt.Errorf("%w: negative tally in replicate %d", ErrBadCount, c.Replicate)
	}
	if c.total() != t.Sown {
		return fmt.Errorf("%w: replicate %d tallies %d seeds, %d sown",
			ErrBadCount, c.Replicate, c.total(), t.Sown)
	}
	if _, dup := t.counts[c.Replicate]; dup {
		return fmt.Errorf("%w: replicate %d", ErrDuplicateReplicate, c.Replicate)
	}
	t.counts[c.Replicate] = c
	return nil
}

func (t *Trial) complete() bool { return len(t.counts) == t.Replicates }

// Result is a finished germination test.
type Result struct {
	Accession   string
	Finished    time.Time
	Germination float64 // normal seedlings, percent of sown
	Viability   float64 // normal plus fresh dormant seeds, percent of sown
	Spread      float64 // max minus min replicate germination, percentage points
}

func (t *Trial) result(now time.Time) Result {
	var normal, fresh int
	lo, hi := 100.0, 0.0
	for _, c := range t.counts {
		normal += c.Normal
		fresh += c.Fresh
		g := 100 * float64(c.Normal) / float64(t.Sown)
		if g < lo {
			lo = g
		}
		if g > hi {
			hi = g
		}
	}
	sown := float64(t.Sown * t.Replicates)
	return Result{
		Accession:   t.Accession,
		Finished:    now,
		Germination: 100 * float64(normal) / sown,
		Viability:   100 * float64(normal+fresh) / sown,
		Spread:      hi - lo,
	}
}
