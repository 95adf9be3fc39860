package flags

import (
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// User is the subject a flag is evaluated for.
type User struct {
	Key        string
	Attributes map[string]string
}

// Clause matches when the user's Attribute equals any of Values, or starts
// with one of them when Prefix is set.
type Clause struct {
	Attribute string
	Values    []string
	Prefix    bool
}

// WeightedVariation assigns Weight out of 100000 buckets to a variation.
type WeightedVariation struct {
	Variation int
	Weight    int
}

// Rollout selects either a fixed variation or a percentage split.
type Rollout struct {
	Variation *int
	Weights   []WeightedVariation
}

// Rule serves Rollout to users matching all of its clauses.
type Rule struct {
	Clauses []Clause
	Rollout Rollout
}

// Flag is the server-side definition of a feature flag.
type Flag struct {
	Key          string
	Version      int
	On           bool
	Salt         string
	Variations   []interface{}
	OffVariation int
	Rules        []Rule
	Fallthrough  Rollout
}

var errMalformedFlag = errors.New("flags: malformed flag")

// evaluate returns the variation of f that applies to u: the off variation,
// the first matching rule's or the fallthrough rollout.
func (f *Flag) evaluate(u User) (interface{}, error) {
	idx, err := f.variationFor(u)
	if err != nil {
		return nil, err
	}
	if idx < 0 || idx >= len(f.Variations) {
		return nil, fmt.Errorf("%w: %s has no variation %d", errMalformedFlag, f.Key, idx)
	}
	return f.Variations[idx], nil
}

func (f *Flag) variationFor(u User) (int, error) {
	if !f.On {
		return f.OffVariation, nil
	}
	for _, r := range f.Rules {
		if r.matches(u) {
			return r.Rollout.pick(f, u)
		}
	}
	return f.Fallthrough.pick(f, u)
}

func (r Rule) matches(u User) bool {
	for _, c := range r.Clauses {
		if !c.matches(u) {
			return false
		}
	}
	return true
}

func (c Clause) matches(u User) bool {
	v, ok := u.Attributes[c.Attribute]
	if c.Attribute == "key" {
		v, ok = u.Key, true
	}
	for _, want := range c.Values {
		if ok && (v == want || (c.Prefix && strings.HasPrefix(v, want))) {
			return true
		}
	}
	return false
}

// pick returns the variation index for u. Rollouts hash the user key so a user
// keeps its bucket; any weight shortfall goes to the last variation.
func (ro Rollout) pick(f *Flag, u User) (int, error) {
	if ro.Variation != nil {
		return *ro.Variation, nil
	}
	if len(ro.Weights) == 0 {
		return 0, fmt.Errorf("%w: %s has an empty rollout", errMalformedFlag, f.Key)
	}
	sum := sha1.Sum([]byte(f.Key + "." + f.Salt + "." + u.Key))
	b := int(binary.BigEndian.Uint64(sum[:8]) % 100000)
	acc := 0
	for _, wv := range ro.Weights {
		acc += wv.Weight
		if b < acc {
			return wv.Variation, nil
		}
	}
	return ro.Weights[len(ro.Weights)-1].Variation, nil
}
