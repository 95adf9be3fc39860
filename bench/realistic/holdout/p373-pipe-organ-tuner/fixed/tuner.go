package tuning

import (
	"context"
	"errors"
	"sort"
	"sync"
)

// Meter sounds a pipe and measures its fundamental frequency in Hz.
type Meter interface {
	Measure(ctx context.Context, p Pipe) (float64, error)
}

// Option configures a Tuner.
type Option func(*Tuner)

// WithWorkers sets how many pipes may be measured concurrently, e.g. one per
// microphone placed in the chamber.
func WithWorkers(n int) Option {
	return func(t *Tuner) {
		if n > 0 {
			t.workers = n
		}
	}
}

// WithPitch sets the frequency of A4 in Hz.
func WithPitch(a4 float64) Option {
	return func(t *Tuner) { t.pitchA = a4 }
}

// WithTemperament sets the temperament the organ is tuned in.
func WithTemperament(tm Temperament) Option {
	return func(t *Tuner) { t.temperament = tm }
}

// WithTolerance sets how many cents a pipe may deviate and still count as in tune.
func WithTolerance(cents float64) Option {
	return func(t *Tuner) { t.tolerance = cents }
}

// Tuner measures the pipes of a rank and reports which need attention.
type Tuner struct {
	meter       Meter
	workers     int
	pitchA      float64
	temperament Temperament
	tolerance   float64
}

// New returns a Tuner that measures pipes with m.
func New(m Meter, opts ...Option) *Tuner {
	t := &Tuner{
		meter:       m,
		workers:     4,
		pitchA:      440,
		temperament: EqualTemperament,
		tolerance:   3,
	}
	for _, o := range opts {
		o(t)
	}
	return t
}

// ErrNoMeter is returned when a Tuner has nothing to measure with.
var ErrNoMeter = errors.New("tuning: no meter configured")

// TuneRank measures every pipe of rank that can speak and returns a report
// sorted by note. Silenced pipes are listed as skipped.
func (t *Tuner) TuneRank(ctx context.Context, rank Rank) (Report, error) {
	report := Report{Rank: rank.Name, Temperament: t.temperament.Name()}
	if t.meter == nil {
		return report, ErrNoMeter
	}

	playable := make([]Pipe, 0, len(rank.Pipes))
	for _, p := range rank.Pipes {
		if p.Silenced {
			report.Skipped = append(report.Skipped, p)
			continue
		}
		playable = append(playable, p)
	}
	if len(playable) == 0 {
		return report, nil
	}

	jobs := make(chan Pipe)
	results := make(chan Reading)

	workers := t.workers
	if workers > len(playable) {
		workers = len(playable)
	}
	var wg sync.WaitGroup
	wg.Add(workers)
	for i := 0; i < workers; i++ {
		go func() {
			defer wg.Done()
			t.work(ctx, rank, jobs, results)
		}()
	}

	go func() {
		defer close(jobs)
		for _, p := range playable {
			select {
			case jobs <- p:
			case <-ctx.Done():
				return
			}
		}
	}()

	go func() {
		wg.Wait()
		close(results)
	}()

	for {
		select {
		case rd, ok := <-results:
			if !ok {
				sort.Slice(report.Readings, func(i, j int) bool {
					return report.Readings[i].Pipe.Note < report.Readings[j].Pipe.Note
				})
				return report, nil
			}
			report.Readings = append(report.Readings, rd)
		case <-ctx.Done():
			return report, ctx.Err()
		}
	}
}

// TuneDivision tunes each rank in turn and stops at the first error.
func (t *Tuner) TuneDivision(ctx context.Context, ranks []Rank) ([]Report, error) {
	reports := make([]Report, 0, len(ranks))
	for _, r := range ranks {
		rep, err := t.TuneRank(ctx, r)
		if err != nil {
			return reports, err
		}
		reports = append(reports, rep)
	}
	return reports, nil
}

func (t *Tuner) work(ctx context.Context, rank Rank, jobs <-chan Pipe, results chan<- Reading) {
	for p := range jobs {
		rd := t.measure(ctx, rank, p)
		select {
		case results <- rd:
		case <-ctx.Done():
			return
		}
	}
}

func (t *Tuner) measure(ctx context.Context, rank Rank, p Pipe) Reading {
	rd := Reading{Pipe: p, Target: TargetFrequency(t.pitchA, p.Note, rank.Footage, t.temperament)}
	hz, err := t.meter.Measure(ctx, p)
	if err != nil || hz <= 0 {
		rd.Status = Unmeasured
		rd.Err = err
		return rd
	}
	rd.Measured = hz
	rd.Cents = Cents(hz, rd.Target)
	switch {
	case rd.Cents < -t.tolerance:
		rd.Status = Flat
	case rd.Cents > t.tolerance:
		rd.Status = Sharp
	default:
		rd.Status = InTune
	}
	return rd
}
