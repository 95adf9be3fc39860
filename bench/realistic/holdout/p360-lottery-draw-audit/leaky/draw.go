// Package drawaudit independently re-verifies published lottery draws
// against the sealed records of the random number generator.
package drawaudit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Draw is a result as published by the operator.
type Draw struct {
	ID      string
	Game    string
	Held    time.Time
	Numbers []int
	// Digest is the operator's published hash of the draw record.
	Digest string
}

// Canonical returns the byte form the digest is computed over.
func (d Draw) Canonical() []byte {
	nums := append([]int(nil), d.Numbers...)
	sort.Ints(nums)
	parts := make([]string, len(nums))
	for i, n := range nums {
		parts[i] = strconv.Itoa(n)
	}
	return []byte(fmt.Sprintf("%s|%s|%s|%s", d.ID, d.Game, d.Held.UTC().Format(time.RFC3339), strings.Join(parts, ",")))
}

// ComputeDigest returns the hex SHA-256 of the canonical draw record.
func ComputeDigest(d Draw) string {
	sum := sha256.Sum256(d.Canonical())
	return hex.EncodeToString(sum[:])
}

// SealedRecord is what the RNG vault logged at draw time.
type SealedRecord struct {
	DrawID  string
	Numbers []int
	Digest  string
}

// Vault gives read access to the RNG's sealed records. The production
// implementation talks to a hardware security module over the network.
type Vault interface {
	Sealed(ctx context.Context, drawID string) (SealedRecord, error)
}

// ErrNotSealed is returned by a Vault that has no record of a draw.
var ErrNotSealed = errors.New("drawaudit: no sealed record")

// Verdict is the outcome of auditing one draw.
type Verdict int

// Verdicts.
const (
	VerdictPass Verdict = iota + 1
	VerdictMismatch
	VerdictMissing
	VerdictError
)

func (v Verdict) String() string {
	switch v {
	case VerdictPass:
		return "pass"
	case VerdictMismatch:
		return "mismatch"
	case VerdictMissing:
		return "missing"
	case VerdictError:
		return "error"
	}
	return "unknown"
}

// Finding is the audit result for one draw.
type Finding struct {
	DrawID  string
	Verdict Verdict
	Detail  string
}

// Ledger remembers draws that have already passed an audit, so that
// nightly runs only re-check new or previously failed draws.
type Ledger struct {
	mu     sync.Mutex
	passed map[string]string
}

// NewLedger returns an empty ledger.
func NewLedger() *Ledger {
	return &Ledger{passed: make(map[string]string)}
}

// Passed reports whether d passed an earlier audit with the same digest.
func (l *Ledger) Passed(d Draw) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	digest, ok := l.passed[d.ID]
	return ok && digest == d.Digest
}

// MarkPassed records a passing draw.
func (l *Ledger) MarkPassed(d Draw) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.passed[d.ID] = d.Digest
}
