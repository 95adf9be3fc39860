// Package randomize allocates trial participants to treatment arms using
// stratified permuted blocks and records every decision in an audit trail.
// Each block contains every arm in proportion to its ratio, times a randomly
// chosen multiplier so that site staff cannot predict the end of a block.
package randomize

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrClosed is returned once the randomizer has been closed.
var ErrClosed = errors.New("randomizer closed")

// Arm is a treatment arm and its allocation ratio (for example 2:1 active
// to placebo is expressed as two arms with Ratio 2 and 1).
type Arm struct {
	Code  string
	Ratio int
}

// Participant is a consented person waiting to be randomized.
type Participant struct {
	ID   string
	Site string
	Sex  string
	Age  int
}

// Stratum identifies the stratification cell a participant falls into.
type Stratum struct {
	Site    string
	Sex     string
	AgeBand string
}

// Key returns a stable identifier for the stratum.
func (s Stratum) Key() string {
	return s.Site + "/" + s.Sex + "/" + s.AgeBand
}

// Allocation is the outcome of randomizing one participant.
type Allocation struct {
	TrialID       string
	ParticipantID string
	Arm           string
	Stratum       Stratum
	BlockID       string
	Position      int
	Sequence      int64
	AllocatedAt   time.Time
}

// BlockState is the persisted position inside the current block of a
// stratum.
type BlockState struct {
	BlockID string
	Arms    []string
	Next    int
}

// State is the persisted state of a trial, loaded when the randomizer opens.
type State struct {
	Blocks   map[string]BlockState
	Sequence int64
}

// Store persists allocations and block positions. SaveAllocation stores both
// atomically and rejects participants that already have an allocation.
type Store interface {
	LoadState(ctx context.Context, trialID string) (State, error)
	SaveAllocation(ctx context.Context, a Allocation, stratum string, b BlockState) error
}

// AuditEvent is one entry in the trial audit trail.
type AuditEvent struct {
	Time                  time.Time
	TrialID, Kind         string
	ParticipantID, Detail string
}

// AuditSink receives batches of audit events, typically an append-only
// table or a regulated document store.
type AuditSink interface {
	Append(ctx context.Context, events []AuditEvent) error
}

// Clock supplies the current time.
type Clock interface{ Now() time.Time }

// Source provides the randomness used to shuffle blocks. It must return a
// uniformly distributed integer in [0, n).
type Source interface{ Intn(n int) int }

// Config describes the randomization scheme of one trial.
type Config struct {
	TrialID string
	Arms    []Arm
	// BlockMultipliers lists the allowed block sizes as multiples of the
	// sum of ratios. One is chosen at random for every new block.
	BlockMultipliers []int
	// AgeCutoffs splits participants into age bands, in increasing order.
	AgeCutoffs []int
}

func (c Config) validate() error {
	if c.TrialID == "" {
		return errors.New("config: trial id is required")
	}
	for _, a := range c.Arms {
		if a.Ratio <= 0 {
			return fmt.Errorf("config: arm %q has non-positive ratio %d", a.Code, a.Ratio)
		}
	}
	if len(c.BlockMultipliers) == 0 {
		return errors.New("config: at least one block multiplier is required")
	}
	return nil
}

// ageBand returns the label of the band containing age: the index of the
// first cut-off above age, so cut-offs 40 and 65 yield bands 0, 1 and 2.
func (c Config) ageBand(age int) string {
	band := 0
	for band < len(c.AgeCutoffs) && age >= c.AgeCutoffs[band] {
		band++
	}
	return fmt.Sprintf("age%d", band)
}
