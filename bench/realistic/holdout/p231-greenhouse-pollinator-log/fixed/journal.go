package pollinator

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
)

// Journal turns flower-cam events into the pollinator visit log of a
// greenhouse.
type Journal struct {
	cfg     config
	model   Classifier
	climate Climate
	store   Store

	mu       sync.Mutex
	last     map[string]Visit
	beds     map[string]map[string]*SpeciesCount
	timeouts int
}

// NewJournal returns a Journal writing to store.
func NewJournal(model Classifier, climate Climate, store Store, opts ...Option) (*Journal, error) {
	if model == nil || climate == nil || store == nil {
		return nil, errors.New("pollinator: classifier, climate and store are required")
	}
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	return &Journal{
		cfg:     cfg,
		model:   model,
		climate: climate,
		store:   store,
		last:    make(map[string]Visit),
		beds:    make(map[string]map[string]*SpeciesCount),
	}, nil
}

type classification struct {
	label Label
	err   error
}

func (j *Journal) classify(ctx context.Context, snapshot []byte) <-chan classification {
	out := make(chan classification, 1)
	go func() {
		l, err := j.model.Classify(ctx, snapshot)
		out <- classification{label: l, err: err}
	}()
	return out
}

// Record logs one camera event and returns the visit it was filed under.
func (j *Journal) Record(ctx context.Context, ev CameraEvent) (Visit, error) {
	if err := ev.validate(); err != nil {
		return Visit{}, err
	}
	if ev.At.IsZero() {
		ev.At = j.cfg.now()
	}
	if v, ok := j.mergeRepeat(ev); ok {
		return v, nil
	}

	cctx, cancel := context.WithTimeout(ctx, j.cfg.classifyTimeout)
	defer cancel()
	pending := j.classify(cctx, ev.Snapshot)

	v := Visit{Bed: ev.Bed, Camera: ev.Camera, At: ev.At, Dwell: ev.Dwell, Species: Unidentified}
	cond, err := j.climate.Conditions(ctx, ev.Bed)
	if err != nil {
		return Visit{}, fmt.Errorf("pollinator: camera %s: %w", ev.Camera, err)
	}
	v.Climate = cond

	select {
	case c := <-pending:
		switch {
		case c.err != nil:
			j.cfg.logger.Printf("camera %s: classifier: %v", ev.Camera, c.err)
		case c.label.Score < j.cfg.minScore:
			j.cfg.logger.Printf("camera %s: %s at %.2f below threshold", ev.Camera, c.label.Taxon, c.label.Score)
		default:
			v.Species = commonName(c.label.Taxon)
			v.Confidence = c.label.Score
		}
	case <-cctx.Done():
		if err := ctx.Err(); err != nil {
			return Visit{}, err
		}
		j.mu.Lock()
		j.timeouts++
		j.mu.Unlock()
		j.cfg.logger.Printf("camera %s: no species after %s, filing as %s", ev.Camera, j.cfg.classifyTimeout, Unidentified)
	}

	if err := j.store.Append(ctx, v); err != nil {
		return Visit{}, fmt.Errorf("pollinator: storing visit from %s: %w", ev.Camera, err)
	}
	j.remember(v)
	return v, nil
}

func (j *Journal) mergeRepeat(ev CameraEvent) (Visit, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	prev, ok := j.last[ev.Camera]
	if !ok || ev.At.Sub(prev.At.Add(prev.Dwell)) > j.cfg.cooldown {
		return Visit{}, false
	}
	prev.Repeats++
	prev.Dwell = ev.At.Add(ev.Dwell).Sub(prev.At)
	j.last[ev.Camera] = prev
	if sc := j.beds[prev.Bed][prev.Species]; sc != nil {
		sc.Dwell += ev.Dwell
	}
	return prev, true
}

func (j *Journal) remember(v Visit) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.last[v.Camera] = v
	bed := j.beds[v.Bed]
	if bed == nil {
		bed = make(map[string]*SpeciesCount)
		j.beds[v.Bed] = bed
	}
	sc := bed[v.Species]
	if sc == nil {
		sc = &SpeciesCount{Species: v.Species}
		bed[v.Species] = sc
	}
	sc.Visits++
	sc.Dwell += v.Dwell
}

// Summary lists the species seen on a bed, most visits first.
func (j *Journal) Summary(bed string) []SpeciesCount {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]SpeciesCount, 0, len(j.beds[bed]))
	for _, sc := range j.beds[bed] {
		out = append(out, *sc)
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Visits != out[b].Visits {
			return out[a].Visits > out[b].Visits
		}
		return out[a].Species < out[b].Species
	})
	return out
}

// Timeouts reports how many visits were filed unidentified because the
// classifier did not answer in time.
func (j *Journal) Timeouts() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.timeouts
}
