// Package recon reconciles acquirer settlement files against the internal
// ledger. Each settled transaction is matched to the ledger entry booked
// under the same reference; anything that does not line up is reported as a
// break for the payments operations team to investigate.
package recon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// Entry is a transaction booked in the internal ledger.
type Entry struct {
	ID        string
	Reference string
	Amount    int64 // minor units
	Currency  string
	BookedAt  time.Time
}

// Ledger is the part of the ledger service the job uses.
type Ledger interface {
	// Lookup returns the entries booked under reference.
	Lookup(ctx context.Context, reference string) ([]Entry, error)
	// MarkSettled records that entryID was settled by the named file.
	MarkSettled(ctx context.Context, entryID, file string) error
	// Unsettled returns the acquirer's entries booked on day that have not
	// been marked settled.
	Unsettled(ctx context.Context, acquirer string, day time.Time) ([]Entry, error)
}

// FileStore gives access to settlement files as delivered by acquirers.
type FileStore interface {
	Open(ctx context.Context, name string) (io.ReadCloser, error)
}

// BreakKind classifies a reconciliation break.
type BreakKind string

// Kinds of breaks.
const (
	BreakMissingEntry     BreakKind = "missing_ledger_entry"
	BreakAmountMismatch   BreakKind = "amount_mismatch"
	BreakCurrencyMismatch BreakKind = "currency_mismatch"
	BreakDuplicate        BreakKind = "duplicate_settlement"
	BreakUnsettled        BreakKind = "unsettled_entry"
)

// Break is one discrepancy between the settlement file and the ledger.
type Break struct {
	Kind       BreakKind
	Reference  string
	Settlement *Settlement
	Entry      *Entry
	Detail     string
}

// Report summarizes the reconciliation of one file.
type Report struct {
	File    string
	Rows    int
	Matched int
	Breaks  []Break
}

// Config configures a Job.
type Config struct {
	Files    FileStore
	Ledger   Ledger
	Acquirer string
	// Tolerance is the largest difference, in minor units, accepted between
	// a settled and a booked amount (acquirers round FX differently).
	Tolerance int64
	// OnProgress, if set, is called from a separate goroutine every
	// ProgressEvery rows and once more when the file has been processed.
	OnProgress    func(Progress)
	ProgressEvery int
}

// Job reconciles settlement files for one acquirer.
type Job struct {
	cfg Config
}

// New validates cfg and returns a Job.
func New(cfg Config) (*Job, error) {
	if cfg.Files == nil || cfg.Ledger == nil {
		return nil, errors.New("recon: Files and Ledger are required")
	}
	if cfg.Acquirer == "" {
		return nil, errors.New("recon: Acquirer is required")
	}
	if cfg.ProgressEvery <= 0 {
		cfg.ProgressEvery = 1000
	}
	return &Job{cfg: cfg}, nil
}

// Run reconciles the settlement file for day. Breaks are part of a
// successful result; an error means the file could not be reconciled at all
// and the run should be retried.
func (j *Job) Run(ctx context.Context, file string, day time.Time) (*Report, error) {
	rc, err := j.cfg.Files.Open(ctx, file)
	if err != nil {
		return nil, fmt.Errorf("reconcile %s: %w", file, err)
	}
	defer rc.Close()

	sr, err := newSettlementReader(rc)
	if err != nil {
		return nil, fmt.Errorf("reconcile %s: %w", file, err)
	}

	progress := startProgress(j.cfg.OnProgress)
	rep := &Report{File: file}
	seen := make(map[string]bool)
	for {
		s, err := sr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reconcile %s: %w", file, err)
		}
		rep.Rows++
		if seen[s.Reference] {
			rep.Breaks = append(rep.Breaks, Break{Kind: BreakDuplicate, Reference: s.Reference, Settlement: s})
		} else {
			seen[s.Reference] = true
			b, err := j.match(ctx, s, file)
			if err != nil {
				return nil, fmt.Errorf("reconcile %s: line %d: %w", file, sr.Line(), err)
			}
			if b != nil {
				rep.Breaks = append(rep.Breaks, *b)
			} else {
				rep.Matched++
			}
		}
		if rep.Rows%j.cfg.ProgressEvery == 0 {
			progress.update(snapshot(rep))
		}
	}

	open, err := j.cfg.Ledger.Unsettled(ctx, j.cfg.Acquirer, day)
	if err != nil {
		return nil, fmt.Errorf("reconcile %s: list unsettled: %w", file, err)
	}
	for i := range open {
		if !seen[open[i].Reference] {
			rep.Breaks = append(rep.Breaks, Break{Kind: BreakUnsettled, Reference: open[i].Reference, Entry: &open[i]})
		}
	}
	progress.update(snapshot(rep))
	progress.stop()
	return rep, nil
}

// match reconciles one settlement against the ledger. It returns a break,
// or nil if the settlement matched and the entry was marked settled.
func (j *Job) match(ctx context.Context, s *Settlement, file string) (*Break, error) {
	entries, err := j.cfg.Ledger.Lookup(ctx, s.Reference)
	if err != nil {
		return nil, fmt.Errorf("lookup %s: %w", s.Reference, err)
	}
	if len(entries) == 0 {
		return &Break{Kind: BreakMissingEntry, Reference: s.Reference, Settlement: s}, nil
	}
	e := entries[0]
	if e.Currency != s.Currency {
		return &Break{
			Kind: BreakCurrencyMismatch, Reference: s.Reference, Settlement: s, Entry: &e,
			Detail: fmt.Sprintf("settled in %s, booked in %s", s.Currency, e.Currency),
		}, nil
	}
	if diff := s.Amount - e.Amount; diff > j.cfg.Tolerance || -diff > j.cfg.Tolerance {
		return &Break{
			Kind: BreakAmountMismatch, Reference: s.Reference, Settlement: s, Entry: &e,
			Detail: fmt.Sprintf("settled %d, booked %d", s.Amount, e.Amount),
		}, nil
	}
	if err := j.cfg.Ledger.MarkSettled(ctx, e.ID, file); err != nil {
		return nil, fmt.Errorf("mark %s settled: %w", e.ID, err)
	}
	return nil, nil
}

func snapshot(rep *Report) Progress {
	return Progress{File: rep.File, Rows: rep.Rows, Matched: rep.Matched, Breaks: len(rep.Breaks)}
}
