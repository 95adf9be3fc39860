package glaze

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
)

// Ingredient is one line of a glaze recipe. Base materials are expressed
// as a percentage of the dry batch and must add up to 100; additives
// (colorants, opacifiers) are given on top of the base.
type Ingredient struct {
	Material string
	Percent  float64
	Additive bool
}

// Recipe is a named glaze, e.g. "Celadon cone 10" or "Tenmoku".
type Recipe struct {
	Name        string
	Cone        string
	Ingredients []Ingredient
}

// Step is one weighed addition of a batch.
type Step struct {
	Material string
	Grams    float64
}

var ErrInvalidRecipe = errors.New("invalid recipe")

// Validate checks the recipe is well formed.
func (r Recipe) Validate() error {
	if strings.TrimSpace(r.Name) == "" {
		return fmt.Errorf("%w: missing name", ErrInvalidRecipe)
	}
	seen := make(map[string]bool)
	base := 0.0
	for _, in := range r.Ingredients {
		key := strings.ToLower(in.Material)
		if seen[key] {
			return fmt.Errorf("%w: %s listed twice", ErrInvalidRecipe, in.Material)
		}
		seen[key] = true
		if in.Percent <= 0 {
			return fmt.Errorf("%w: %s has non-positive amount", ErrInvalidRecipe, in.Material)
		}
		if !in.Additive {
			base += in.Percent
		}
	}
	if math.Abs(base-100) > 0.5 {
		return fmt.Errorf("%w: base materials sum to %.1f%%, want 100%%", ErrInvalidRecipe, base)
	}
	return nil
}

// Plan turns the recipe into weighed steps for a dry batch of batchGrams.
// Base materials are dispensed first, largest first, so that small
// colorant additions land on a bed of powder and are not lost on the
// bucket walls.
func (r Recipe) Plan(batchGrams float64) ([]Step, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if batchGrams <= 0 {
		return nil, fmt.Errorf("batch size must be positive, got %.1f", batchGrams)
	}
	ings := append([]Ingredient(nil), r.Ingredients...)
	sort.SliceStable(ings, func(i, j int) bool {
		if ings[i].Additive != ings[j].Additive {
			return !ings[i].Additive
		}
		return ings[i].Percent > ings[j].Percent
	})
	steps := make([]Step, 0, len(ings))
	for _, in := range ings {
		g := math.Round(in.Percent/100*batchGrams*10) / 10
		steps = append(steps, Step{Material: in.Material, Grams: g})
	}
	return steps, nil
}
