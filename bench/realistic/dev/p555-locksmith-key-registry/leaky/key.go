package keyreg

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Kind is the level of a key in a master-keyed system.
type Kind int

const (
	KindChange Kind = iota
	KindMaster
	KindTemporary
)

func (k Kind) String() string {
	switch k {
	case KindChange:
		return "change"
	case KindMaster:
		return "master"
	case KindTemporary:
		return "temporary"
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Revocation reasons recorded against a key.
const (
	ReasonLost    = "lost"
	ReasonRekey   = "rekey"
	ReasonLeft    = "holder-left"
	ReasonExpired = "expired"
)

// Key is one cut key and its place in the system.
type Key struct {
	ID           string
	Door         string
	Kind         Kind
	Blank        string
	Bitting      string
	Holder       string
	Issued       time.Time
	Expires      time.Time
	CheckedOutTo string
	Revoked      bool
	RevokeReason string
}

// Active reports whether the key still opens its door at t.
func (k Key) Active(t time.Time) bool {
	if k.Revoked {
		return false
	}
	return k.Expires.IsZero() || t.Before(k.Expires)
}

// IssueRequest asks for a new key to be cut and enrolled.
type IssueRequest struct {
	Door    string
	Kind    Kind
	Blank   string
	Bitting string
	Holder  string
	TTL     time.Duration
}

var (
	ErrUnknownKey = errors.New("keyreg: unknown key")
	ErrRevoked    = errors.New("keyreg: key already revoked")
	ErrBadBitting = errors.New("keyreg: invalid bitting")
	ErrClosed     = errors.New("keyreg: registry closed")
)

// CheckedOutError is returned when a key cannot be revoked because it is
// signed out to someone and has not been reported lost.
type CheckedOutError struct {
	KeyID  string
	Holder string
}

func (e *CheckedOutError) Error() string {
	return fmt.Sprintf("keyreg: key %s is checked out to %s", e.KeyID, e.Holder)
}

// blankSpecs gives pin count and deepest cut for the blanks the shop stocks.
var blankSpecs = map[string]struct{ pins, maxDepth int }{
	"SC1":  {5, 9},
	"KW1":  {5, 6},
	"SC4":  {6, 9},
	"BEST": {7, 9},
}

// validateBitting checks a bitting code against the blank and the
// maximum adjacent cut specification.
func validateBitting(blank, bitting string, macs int) error {
	spec, ok := blankSpecs[strings.ToUpper(blank)]
	if !ok {
		return fmt.Errorf("%w: unknown blank %q", ErrBadBitting, blank)
	}
	if len(bitting) != spec.pins {
		return fmt.Errorf("%w: %s takes %d cuts, got %q", ErrBadBitting, blank, spec.pins, bitting)
	}
	prev := -1
	for i, r := range bitting {
		if r < '0' || r > '9' {
			return fmt.Errorf("%w: cut %d is %q", ErrBadBitting, i+1, r)
		}
		depth := int(r - '0')
		if depth > spec.maxDepth {
			return fmt.Errorf("%w: cut %d depth %d exceeds %d", ErrBadBitting, i+1, depth, spec.maxDepth)
		}
		if prev >= 0 && abs(depth-prev) > macs {
			return fmt.Errorf("%w: cuts %d-%d differ by more than %d", ErrBadBitting, i, i+1, macs)
		}
		prev = depth
	}
	return nil
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
