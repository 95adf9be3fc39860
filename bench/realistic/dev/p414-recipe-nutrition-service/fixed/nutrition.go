// Package nutrition computes nutrition facts for recipes. Facts for each
// ingredient are looked up from several data providers at once (public food
// composition databases, branded product catalogues, ...) and cached.
package nutrition

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

var (
	// ErrNotFound is returned when no provider knows an ingredient.
	ErrNotFound = errors.New("nutrition: ingredient not found")
	// ErrNoProviders is returned when no configured provider covers an
	// ingredient's category.
	ErrNoProviders = errors.New("nutrition: no provider for ingredient category")
)

// Category is a coarse ingredient category. Providers declare which
// categories they cover.
type Category string

// Ingredient categories.
const (
	Produce  Category = "produce"
	Dairy    Category = "dairy"
	Meat     Category = "meat"
	Grain    Category = "grain"
	Spice    Category = "spice"
	Packaged Category = "packaged"
)

// Ingredient identifies a food.
type Ingredient struct {
	Name     string
	Category Category
}

func (i Ingredient) key() string {
	return string(i.Category) + "/" + strings.ToLower(strings.TrimSpace(i.Name))
}

// Facts are nutrition facts per 100 g. Fields a provider does not know are
// NaN.
type Facts struct {
	EnergyKcal float64
	ProteinG   float64
	FatG       float64
	CarbsG     float64
	FiberG     float64
	SodiumMg   float64
	Source     string
}

// Unknown returns Facts with every field unknown.
func Unknown() Facts {
	n := math.NaN()
	return Facts{EnergyKcal: n, ProteinG: n, FatG: n, CarbsG: n, FiberG: n, SodiumMg: n}
}

func (f *Facts) fields() []*float64 {
	return []*float64{&f.EnergyKcal, &f.ProteinG, &f.FatG, &f.CarbsG, &f.FiberG, &f.SodiumMg}
}

// Complete reports whether every field is known.
func (f Facts) Complete() bool {
	for _, v := range f.fields() {
		if math.IsNaN(*v) {
			return false
		}
	}
	return true
}

// fill returns f with unknown fields taken from other.
func (f Facts) fill(other Facts) Facts {
	dst, src := f.fields(), other.fields()
	for i := range dst {
		if math.IsNaN(*dst[i]) {
			*dst[i] = *src[i]
		}
	}
	if other.Source != "" && !strings.Contains(f.Source, other.Source) {
		f.Source += "+" + other.Source
	}
	return f
}

// scaled returns the facts for grams of the food; unknown fields count as 0.
func (f Facts) scaled(grams float64) Facts {
	out := f
	for _, v := range out.fields() {
		if math.IsNaN(*v) {
			*v = 0
		} else {
			*v *= grams / 100
		}
	}
	return out
}

func (f *Facts) add(other Facts) {
	dst, src := f.fields(), other.fields()
	for i := range dst {
		*dst[i] += *src[i]
	}
}

// Line is one ingredient line of a recipe.
type Line struct {
	Ingredient Ingredient
	Grams      float64
}

// Recipe is a list of ingredient lines yielding a number of servings.
type Recipe struct {
	Name     string
	Servings int
	Lines    []Line
}

// Summary is the nutrition of one serving of a recipe.
type Summary struct {
	Recipe     string
	PerServing Facts
	// Partial lists ingredients for which some facts were unknown.
	Partial []string
}

func (r Recipe) validate() error {
	if r.Servings <= 0 {
		return fmt.Errorf("recipe %q: servings must be positive, got %d", r.Name, r.Servings)
	}
	for _, l := range r.Lines {
		if l.Grams < 0 {
			return fmt.Errorf("recipe %q: negative quantity for %s", r.Name, l.Ingredient.Name)
		}
	}
	return nil
}
