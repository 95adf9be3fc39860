package glaze

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// Ingredient is one line of a glaze recipe, in percent of the dry base.
type Ingredient struct {
	Material string
	Percent  float64
}

// Recipe is a glaze in the usual studio notation: base materials totalling
// 100 plus colourant and opacifier additions on top.
type Recipe struct {
	Name      string
	Cone      string
	Base      []Ingredient
	Additions []Ingredient
}

// Weighing is the amount of one material to put in the bucket.
type Weighing struct {
	Material string
	Grams    float64
	Actual   float64
}

// ErrRecipe is returned for a recipe that cannot be batched.
var ErrRecipe = errors.New("glaze: invalid recipe")

// Validate checks that the base totals 100 and nothing is listed twice.
func (r Recipe) Validate() error {
	if r.Name == "" {
		return fmt.Errorf("%w: unnamed recipe", ErrRecipe)
	}
	if len(r.Base) == 0 {
		return fmt.Errorf("%w: %s has no base materials", ErrRecipe, r.Name)
	}
	seen := make(map[string]bool)
	var total float64
	for _, in := range r.Base {
		if in.Percent <= 0 {
			return fmt.Errorf("%w: %s: %s has non-positive amount", ErrRecipe, r.Name, in.Material)
		}
		if seen[in.Material] {
			return fmt.Errorf("%w: %s: %s listed twice", ErrRecipe, r.Name, in.Material)
		}
		seen[in.Material] = true
		total += in.Percent
	}
	if math.Abs(total-100) > 0.5 {
		return fmt.Errorf("%w: %s: base totals %.1f, want 100", ErrRecipe, r.Name, total)
	}
	for _, in := range r.Additions {
		if in.Percent <= 0 || in.Percent > 25 {
			return fmt.Errorf("%w: %s: addition %s at %.1f%%", ErrRecipe, r.Name, in.Material, in.Percent)
		}
		if seen[in.Material] {
			return fmt.Errorf("%w: %s: %s listed twice", ErrRecipe, r.Name, in.Material)
		}
		seen[in.Material] = true
	}
	return nil
}

// Scale returns the weighings for a batch of dryGrams of base, largest first so
// the scoop goes from coarse to fine.
func (r Recipe) Scale(dryGrams float64) []Weighing {
	out := make([]Weighing, 0, len(r.Base)+len(r.Additions))
	for _, in := range r.Base {
		out = append(out, Weighing{Material: in.Material, Grams: round1(dryGrams * in.Percent / 100)})
	}
	for _, in := range r.Additions {
		out = append(out, Weighing{Material: in.Material, Grams: round1(dryGrams * in.Percent / 100)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Grams > out[j].Grams })
	return out
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
