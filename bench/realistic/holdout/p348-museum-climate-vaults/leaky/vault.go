package climate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"
)

// Reading is one sample from a vault's temperature and humidity probe.
type Reading struct {
	Vault string
	Probe string
	At    time.Time
	TempC float64
	RH    float64
}

// Band is an allowed range for one quantity.
type Band struct {
	Min, Max float64
}

func (b Band) contains(v float64) bool { return v >= b.Min && v <= b.Max }

// VaultConfig describes the conservation limits of one storage vault.
type VaultConfig struct {
	ID          string
	Collection  string
	Temp        Band
	RH          Band
	MaxRHDrift  float64
	Grace       time.Duration
	SummaryEach int
}

func (c VaultConfig) validate() error {
	if c.ID == "" {
		return errors.New("climate: vault id is required")
	}
	if c.Temp.Min >= c.Temp.Max || c.RH.Min >= c.RH.Max {
		return fmt.Errorf("climate: vault %s has an empty band", c.ID)
	}
	if c.RH.Min < 0 || c.RH.Max > 100 {
		return fmt.Errorf("climate: vault %s relative humidity outside 0-100", c.ID)
	}
	return nil
}

// Excursion is a period during which a vault was outside its limits.
type Excursion struct {
	Vault    string
	Kind     string
	Since    time.Time
	Worst    float64
	Resolved bool
}

// Summary is a rolled-up window of readings for the conservation log.
type Summary struct {
	Vault    string
	From, To time.Time
	Count    int
	MeanTemp float64
	MeanRH   float64
	MinRH    float64
	MaxRH    float64
}

// Alerter notifies conservators about excursions.
type Alerter interface {
	Alert(ctx context.Context, e Excursion) error
}

// Store keeps summaries for the environmental record.
type Store interface {
	SaveSummary(ctx context.Context, s Summary) error
}

type window struct {
	sum     Summary
	sumTemp float64
	sumRH   float64
}

func (w *window) add(r Reading) {
	if w.sum.Count == 0 {
		w.sum.From = r.At
		w.sum.MinRH = math.Inf(1)
		w.sum.MaxRH = math.Inf(-1)
	}
	w.sum.To = r.At
	w.sum.Count++
	w.sumTemp += r.TempC
	w.sumRH += r.RH
	w.sum.MinRH = math.Min(w.sum.MinRH, r.RH)
	w.sum.MaxRH = math.Max(w.sum.MaxRH, r.RH)
}

func (w *window) flush(vault string) (Summary, bool) {
	if w.sum.Count == 0 {
		return Summary{}, false
	}
	s := w.sum
	s.Vault = vault
	s.MeanTemp = w.sumTemp / float64(s.Count)
	s.MeanRH = w.sumRH / float64(s.Count)
	*w = window{}
	return s, true
}

type excursionTracker struct {
	open map[string]*openExcursion
}

type openExcursion struct {
	Excursion
	alerted bool
}

// observe records one value for kind and returns an excursion to report, if
// the value has been out of band for longer than the grace period or has just
// come back within band after an alert.
func (t *excursionTracker) observe(cfg VaultConfig, kind string, band Band, v float64, at time.Time) (Excursion, bool) {
	if t.open == nil {
		t.open = make(map[string]*openExcursion)
	}
	e, inProgress := t.open[kind]
	if band.contains(v) {
		if !inProgress {
			return Excursion{}, false
		}
		delete(t.open, kind)
		if !e.alerted {
			return Excursion{}, false
		}
		done := e.Excursion
		done.Resolved = true
		return done, true
	}
	if !inProgress {
		e = &openExcursion{Excursion: Excursion{Vault: cfg.ID, Kind: kind, Since: at, Worst: v}}
		t.open[kind] = e
	}
	if distance(band, v) > distance(band, e.Worst) {
		e.Worst = v
	}
	if !e.alerted && at.Sub(e.Since) >= cfg.Grace {
		e.alerted = true
		return e.Excursion, true
	}
	return Excursion{}, false
}

func distance(b Band, v float64) float64 {
	switch {
	case v < b.Min:
		return b.Min - v
	case v > b.Max:
		return v - b.Max
	default:
		return 0
	}
}
