package adoption

import (
	"errors"
	"fmt"
	"strings"
)

// Size is an animal's adult size class.
type Size int

const (
	Small Size = iota + 1
	Medium
	Large
)

// Animal is one listing from a shelter.
type Animal struct {
	ID           string
	ChipID       string
	ShelterID    string
	Name         string
	Species      string
	Breed        string
	AgeMonths    int
	Size         Size
	Energy       int
	GoodWithKids bool
	GoodWithCats bool
	GoodWithDogs bool
	SpecialNeeds bool
}

func (a Animal) dedupKey() string {
	if a.ChipID != "" {
		return "chip:" + a.ChipID
	}
	return a.ShelterID + "/" + a.ID
}

// Profile describes an adopter's household and preferences.
type Profile struct {
	AdopterID           string
	Species             []string
	Apartment           bool
	HasKids             bool
	HasCats             bool
	HasDogs             bool
	ActivityLevel       int
	MaxAgeMonths        int
	AcceptsSpecialNeeds bool
}

// Validate checks that a profile can be searched.
func (p Profile) Validate() error {
	if p.AdopterID == "" {
		return errors.New("adoption: profile has no adopter id")
	}
	if len(p.Species) == 0 {
		return fmt.Errorf("adoption: profile %s lists no species", p.AdopterID)
	}
	if p.ActivityLevel < 1 || p.ActivityLevel > 5 {
		return fmt.Errorf("adoption: profile %s activity level %d out of range", p.AdopterID, p.ActivityLevel)
	}
	return nil
}

// Match is a scored candidate.
type Match struct {
	Animal  Animal
	Score   float64
	Reasons []string
}

func score(p Profile, a Animal) (Match, bool) {
	wanted := false
	for _, s := range p.Species {
		if strings.EqualFold(s, a.Species) {
			wanted = true
		}
	}
	switch {
	case !wanted,
		p.HasKids && !a.GoodWithKids,
		p.HasCats && !a.GoodWithCats,
		p.HasDogs && !a.GoodWithDogs,
		a.SpecialNeeds && !p.AcceptsSpecialNeeds,
		p.MaxAgeMonths > 0 && a.AgeMonths > p.MaxAgeMonths:
		return Match{}, false
	}

	m := Match{Animal: a, Score: 1}
	diff := a.Energy - p.ActivityLevel
	if diff < 0 {
		diff = -diff
	}
	m.Score -= 0.15 * float64(diff)
	if diff == 0 {
		m.Reasons = append(m.Reasons, "energy level matches your lifestyle")
	}
	if p.Apartment {
		switch a.Size {
		case Small:
			m.Score += 0.1
			m.Reasons = append(m.Reasons, "apartment-friendly size")
		case Large:
			m.Score -= 0.25
		}
	}
	if p.HasKids {
		m.Reasons = append(m.Reasons, "good with children")
	}
	if m.Score < 0 {
		m.Score = 0
	}
	return m, true
}
