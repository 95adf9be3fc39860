package drawaudit

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
)

// Report summarises an audit batch.
type Report struct {
	Findings []Finding
	// Skipped counts draws that had already passed and were not re-checked.
	Skipped int
}

// Failed returns the findings that did not pass.
func (r Report) Failed() []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Verdict != VerdictPass {
			out = append(out, f)
		}
	}
	return out
}

// Auditor checks batches of draws against the vault.
type Auditor struct {
	vault    Vault
	ledger   *Ledger
	parallel int
}

// Option configures an Auditor.
type Option func(*Auditor)

// WithParallelism bounds the number of concurrent vault lookups.
func WithParallelism(n int) Option {
	return func(a *Auditor) {
		if n > 0 {
			a.parallel = n
		}
	}
}

// WithLedger shares a ledger between auditors or runs.
func WithLedger(l *Ledger) Option {
	return func(a *Auditor) { a.ledger = l }
}

// NewAuditor returns an Auditor reading from vault.
func NewAuditor(vault Vault, opts ...Option) *Auditor {
	a := &Auditor{vault: vault, ledger: NewLedger(), parallel: 4}
	for _, opt := range opts {
		opt(a)
	}
	return a
}

// AuditBatch verifies every draw not already recorded as passed in the
// ledger. It returns the findings gathered so far if ctx expires.
func (a *Auditor) AuditBatch(ctx context.Context, draws []Draw) (Report, error) {
	var rep Report
	findings := make(chan Finding, len(draws))
	sem := make(chan struct{}, a.parallel)

	var wg sync.WaitGroup
	wg.Add(len(draws))
	for _, d := range draws {
		if a.ledger.Passed(d) {
			rep.Skipped++
			continue
		}
		go func(d Draw) {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-ctx.Done():
				findings <- Finding{DrawID: d.ID, Verdict: VerdictError, Detail: ctx.Err().Error()}
				return
			}
			f := a.audit(ctx, d)
			if f.Verdict == VerdictPass {
				a.ledger.MarkPassed(d)
			}
			findings <- f
		}(d)
	}
	go func() {
		wg.Wait() // leak: counter includes skipped draws
		close(findings)
	}()

	for {
		select {
		case f, ok := <-findings:
			if !ok {
				sort.Slice(rep.Findings, func(i, j int) bool { return rep.Findings[i].DrawID < rep.Findings[j].DrawID })
				return rep, nil
			}
			rep.Findings = append(rep.Findings, f)
		case <-ctx.Done():
			return rep, ctx.Err()
		}
	}
}

func (a *Auditor) audit(ctx context.Context, d Draw) Finding {
	f := Finding{DrawID: d.ID}
	if got := ComputeDigest(d); got != d.Digest {
		f.Verdict = VerdictMismatch
		f.Detail = fmt.Sprintf("published digest %.12s does not match record %.12s", d.Digest, got)
		return f
	}
	rec, err := a.vault.Sealed(ctx, d.ID)
	switch {
	case errors.Is(err, ErrNotSealed):
		f.Verdict = VerdictMissing
		f.Detail = "draw has no sealed RNG record"
		return f
	case err != nil:
		f.Verdict = VerdictError
		f.Detail = err.Error()
		return f
	}
	if rec.Digest != d.Digest || !sameNumbers(rec.Numbers, d.Numbers) {
		f.Verdict = VerdictMismatch
		f.Detail = "published numbers differ from sealed record"
		return f
	}
	f.Verdict = VerdictPass
	return f
}

func sameNumbers(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	x := append([]int(nil), a...)
	y := append([]int(nil), b...)
	sort.Ints(x)
	sort.Ints(y)
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}
