package loans

import (
	"context"
	"fmt"
	"io"
	"log"
	"time"
)

// Config controls review policy.
type Config struct {
	// MinTravelRating is the lowest condition rating allowed to travel.
	MinTravelRating int
	// ConditionalRating: objects rated below this travel only with a
	// courier and a fresh condition check on arrival.
	ConditionalRating int
	// MaxInsuredEUR caps the total insured value of a single loan.
	MaxInsuredEUR int64
	// MaxHumidity is the highest relative humidity accepted at the venue.
	MaxHumidity float64
	// Logger receives review progress; nil discards.
	Logger *log.Logger
	// Now is used for date checks; nil means time.Now.
	Now func() time.Time
}

// DefaultConfig returns the registrar's standard policy.
func DefaultConfig() Config {
	return Config{
		MinTravelRating:   3,
		ConditionalRating: 4,
		MaxInsuredEUR:     25_000_000,
		MaxHumidity:       55,
	}
}

// Service reviews loan requests.
type Service struct {
	cfg          Config
	catalog      Catalog
	conservation Conservation
	insurer      Insurer
	log          *log.Logger
}

// NewService wires a review service.
func NewService(cfg Config, cat Catalog, cons Conservation, ins Insurer) *Service {
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg, catalog: cat, conservation: cons, insurer: ins, log: cfg.Logger}
}

// Review evaluates a loan request. A rejection is returned as a Decision,
// not as an error; errors are reserved for bad input and backend failures.
func (s *Service) Review(ctx context.Context, req LoanRequest) (Decision, error) {
	if err := req.validate(s.cfg.Now()); err != nil {
		return Decision{}, err
	}
	dec := Decision{RequestID: req.ID, Outcome: OutcomeApproved}
	months := req.months()

	artifacts := make([]Artifact, 0, len(req.ArtifactIDs))
	for _, id := range req.ArtifactIDs {
		a, err := s.catalog.Artifact(ctx, id)
		if err != nil {
			return Decision{}, fmt.Errorf("catalog lookup %s: %w", id, err)
		}
		if a.OnPermanent {
			s.reject(&dec, fmt.Sprintf("%s (%s) is on permanent display", a.ID, a.Title))
		}
		if a.MaxLoanMonths > 0 && months > a.MaxLoanMonths {
			s.reject(&dec, fmt.Sprintf("%s may be lent for at most %d months, %d requested",
				a.ID, a.MaxLoanMonths, months))
		}
		artifacts = append(artifacts, a)
	}
	if req.Climate.RelHumidity > s.cfg.MaxHumidity {
		s.reject(&dec, fmt.Sprintf("venue humidity %.0f%% exceeds %.0f%%",
			req.Climate.RelHumidity, s.cfg.MaxHumidity))
	}
	if dec.Outcome == OutcomeRejected {
		s.log.Printf("loan %s rejected before condition review: %v", req.ID, dec.Reasons)
		return dec, nil
	}

	for res := range s.conditionReports(ctx, req.ArtifactIDs) {
		if res.err != nil {
			return Decision{}, fmt.Errorf("condition report %s: %w", res.artifactID, res.err)
		}
		rep := res.report
		switch {
		case rep.Rating < s.cfg.MinTravelRating:
			s.reject(&dec, fmt.Sprintf("%s condition rating %d is below travel minimum %d",
				rep.ArtifactID, rep.Rating, s.cfg.MinTravelRating))
			s.log.Printf("loan %s rejected: %s not fit to travel", req.ID, rep.ArtifactID)
			return dec, nil
		case rep.Rating < s.cfg.ConditionalRating:
			dec.Outcome = OutcomeConditional
			dec.Conditions = append(dec.Conditions,
				fmt.Sprintf("courier must accompany %s; condition check on arrival", rep.ArtifactID))
		}
		if age := s.cfg.Now().Sub(rep.Examined); age > 365*24*time.Hour {
			dec.Conditions = append(dec.Conditions,
				fmt.Sprintf("%s needs a new condition report before packing", rep.ArtifactID))
			if dec.Outcome == OutcomeApproved {
				dec.Outcome = OutcomeConditional
			}
		}
	}

	insured, err := s.insurer.Quote(ctx, req.Borrower, artifacts, months)
	if err != nil {
		return Decision{}, fmt.Errorf("insurance quote: %w", err)
	}
	if insured > s.cfg.MaxInsuredEUR {
		s.reject(&dec, fmt.Sprintf("insured value %d EUR exceeds cap %d EUR", insured, s.cfg.MaxInsuredEUR))
		return dec, nil
	}
	dec.InsuredEUR = insured
	if req.Climate.MaxLux > 150 {
		dec.Conditions = append(dec.Conditions, "light levels must be reduced to 150 lux for works on paper")
		if dec.Outcome == OutcomeApproved {
			dec.Outcome = OutcomeConditional
		}
	}
	s.log.Printf("loan %s %s, insured %d EUR", req.ID, dec.Outcome, insured)
	return dec, nil
}

func (s *Service) reject(dec *Decision, reason string) {
	dec.Outcome = OutcomeRejected
	dec.Reasons = append(dec.Reasons, reason)
}
