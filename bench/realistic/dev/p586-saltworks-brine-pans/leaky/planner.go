package brinepans

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"
)

// Planner surveys the pans of a saltworks and recommends brine moves.
type Planner struct {
	cfg   Config
	gauge Gauge
	pans  map[PanID]Pan
	order []PanID
}

// NewPlanner checks the pan layout and returns a Planner for it.
func NewPlanner(g Gauge, pans []Pan, opts ...Option) (*Planner, error) {
	if g == nil {
		return nil, errors.New("brinepans: nil gauge")
	}
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	p := &Planner{cfg: cfg, gauge: g, pans: make(map[PanID]Pan, len(pans))}
	for _, pan := range pans {
		if _, dup := p.pans[pan.ID]; dup {
			return nil, fmt.Errorf("brinepans: duplicate pan %q", pan.ID)
		}
		p.pans[pan.ID] = pan
		p.order = append(p.order, pan.ID)
	}
	for _, pan := range pans {
		if pan.Next == "" {
			continue
		}
		if _, ok := p.pans[pan.Next]; !ok {
			return nil, fmt.Errorf("brinepans: pan %q feeds unknown pan %q", pan.ID, pan.Next)
		}
	}
	sort.Slice(p.order, func(i, j int) bool { return p.order[i] < p.order[j] })
	return p, nil
}

// Summary is the corrected state of one pan over a survey.
type Summary struct {
	Pan        PanID
	Samples    int
	MeanBaume  float64
	MaxBaume   float64
	MinDepthCM float64
}

// Survey is the outcome of one walk over all pans.
type Survey struct {
	Started         time.Time
	Finished        time.Time
	Summaries       map[PanID]Summary
	Skipped         []PanID
	Recommendations []Recommendation
}

// Survey samples every pan, summarises the readings and derives the
// recommended moves. Pans whose gauge is offline are listed as skipped.
func (p *Planner) Survey(ctx context.Context) (*Survey, error) {
	s := &Survey{Started: time.Now()}

	readings := make(chan Reading)
	results := summarize(readings, p.cfg)

	skipped, err := p.collect(ctx, readings)
	if err != nil {
		return nil, fmt.Errorf("survey: %w", err)
	}
	s.Skipped = skipped
	s.Summaries = <-results
	s.Finished = time.Now()

	for _, id := range p.order {
		sum, ok := s.Summaries[id]
		if !ok {
			continue
		}
		if rec := p.recommend(p.pans[id], sum); rec.Action != ActionNone {
			s.Recommendations = append(s.Recommendations, rec)
		}
	}
	p.cfg.Logger.Printf("survey: %d pans summarised, %d skipped, %d recommendations in %s",
		len(s.Summaries), len(s.Skipped), len(s.Recommendations), s.Finished.Sub(s.Started))
	return s, nil
}

// collect walks the pans in site order and streams every sample to out.
func (p *Planner) collect(ctx context.Context, out chan<- Reading) ([]PanID, error) {
	var skipped []PanID
	for _, id := range p.order {
		for i := 0; i < p.cfg.SamplesPerPan; i++ {
			r, err := p.sample(ctx, id)
			if errors.Is(err, ErrGaugeOffline) {
				p.cfg.Logger.Printf("pan %s: gauge offline after %d samples, skipping", id, i)
				skipped = append(skipped, id)
				break
			}
			if err != nil {
				return nil, fmt.Errorf("pan %s sample %d: %w", id, i+1, err)
			}
			select {
			case out <- r:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
	}
	close(out)
	return skipped, nil
}

func (p *Planner) sample(ctx context.Context, id PanID) (Reading, error) {
	ctx, cancel := context.WithTimeout(ctx, p.cfg.SampleTimeout)
	defer cancel()
	r, err := p.gauge.Sample(ctx, id)
	if err != nil {
		return Reading{}, err
	}
	if r.Pan == "" {
		r.Pan = id
	}
	if r.Pan != id {
		return Reading{}, fmt.Errorf("gauge answered for pan %s", r.Pan)
	}
	if r.Baume < 0 || r.Baume > 40 {
		return Reading{}, fmt.Errorf("implausible density %.2f°Bé", r.Baume)
	}
	return r, nil
}

type accumulator struct {
	n        int
	sum      float64
	max      float64
	minDepth float64
}

// summarize folds readings into per-pan summaries. The result is
// delivered once in is closed.
func summarize(in <-chan Reading, cfg Config) <-chan map[PanID]Summary {
	out := make(chan map[PanID]Summary, 1)
	go func() {
		acc := make(map[PanID]*accumulator)
		for r := range in { // leak: collect returns on a sample error without closing the readings channel
			a, ok := acc[r.Pan]
			if !ok {
				a = &accumulator{minDepth: r.DepthCM}
				acc[r.Pan] = a
			}
			corrected := r.Baume + (r.TempC-cfg.RefTempC)*cfg.TempCoeff
			a.n++
			a.sum += corrected
			if corrected > a.max {
				a.max = corrected
			}
			if r.DepthCM < a.minDepth {
				a.minDepth = r.DepthCM
			}
		}
		sums := make(map[PanID]Summary, len(acc))
		for id, a := range acc {
			sums[id] = Summary{
				Pan:        id,
				Samples:    a.n,
				MeanBaume:  a.sum / float64(a.n),
				MaxBaume:   a.max,
				MinDepthCM: a.minDepth,
			}
		}
		out <- sums
	}()
	return out
}
