package blendlab

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
)

// Tier is the evaporation tier a material mostly belongs to.
type Tier int

const (
	Top Tier = iota
	Heart
	Base
)

func (t Tier) String() string {
	switch t {
	case Top:
		return "top"
	case Heart:
		return "heart"
	case Base:
		return "base"
	}
	return fmt.Sprintf("tier(%d)", int(t))
}

// Ingredient is one material in a formula, dosed in percent of the concentrate.
type Ingredient struct {
	Material string
	Tier     Tier
	Percent  float64
}

// Trial is one candidate blend to be smelled on blotter and skin.
type Trial struct {
	ID          string
	Perfumer    string
	Ingredients []Ingredient
	// Dilution is the concentrate share in the finished juice, e.g. 0.18 for
	// an eau de parfum.
	Dilution float64
}

var (
	// ErrInvalidTrial is wrapped by every validation failure.
	ErrInvalidTrial = errors.New("blendlab: invalid trial")
)

// restricted holds maximum concentrations in the finished product, in percent,
// for materials with a usage limit.
var restricted = map[string]float64{
	"oakmoss absolute": 0.1,
	"cinnamal":         0.05,
	"isoeugenol":       0.02,
	"citral":           0.6,
}

// Validate checks that the formula adds up and respects usage limits.
func (t Trial) Validate() error {
	if t.ID == "" {
		return fmt.Errorf("%w: missing id", ErrInvalidTrial)
	}
	if len(t.Ingredients) == 0 {
		return fmt.Errorf("%w: %s has no ingredients", ErrInvalidTrial, t.ID)
	}
	if t.Dilution <= 0 || t.Dilution > 0.4 {
		return fmt.Errorf("%w: %s dilution %.2f out of range", ErrInvalidTrial, t.ID, t.Dilution)
	}
	var total float64
	seen := make(map[string]bool, len(t.Ingredients))
	for _, in := range t.Ingredients {
		name := strings.ToLower(in.Material)
		if seen[name] {
			return fmt.Errorf("%w: %s lists %q twice", ErrInvalidTrial, t.ID, in.Material)
		}
		seen[name] = true
		if in.Percent <= 0 {
			return fmt.Errorf("%w: %s: %q dosed at %.2f%%", ErrInvalidTrial, t.ID, in.Material, in.Percent)
		}
		if limit, ok := restricted[name]; ok && in.Percent*t.Dilution > limit {
			return fmt.Errorf("%w: %s: %q at %.3f%% exceeds limit %.3f%%",
				ErrInvalidTrial, t.ID, in.Material, in.Percent*t.Dilution, limit)
		}
		total += in.Percent
	}
	if math.Abs(total-100) > 0.5 {
		return fmt.Errorf("%w: %s sums to %.2f%%", ErrInvalidTrial, t.ID, total)
	}
	return nil
}

// Pyramid returns the share of the concentrate in each tier.
func (t Trial) Pyramid() map[Tier]float64 {
	p := make(map[Tier]float64, 3)
	for _, in := range t.Ingredients {
		p[in.Tier] += in.Percent
	}
	return p
}

// Dominant lists the n most dosed materials, heaviest first.
func (t Trial) Dominant(n int) []string {
	ins := append([]Ingredient(nil), t.Ingredients...)
	sort.Slice(ins, func(i, j int) bool { return ins[i].Percent > ins[j].Percent })
	if n > len(ins) {
		n = len(ins)
	}
	names := make([]string, n)
	for i := 0; i < n; i++ {
		names[i] = ins[i].Material
	}
	return names
}
