// Package adoption matches adoption applications against the dogs listed by
// a network of partner shelters.
package adoption

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Size is the adult size class of a dog.
type Size int

// Size classes, smallest first.
const (
	SizeSmall Size = iota + 1
	SizeMedium
	SizeLarge
)

func (s Size) String() string {
	switch s {
	case SizeSmall:
		return "small"
	case SizeMedium:
		return "medium"
	case SizeLarge:
		return "large"
	}
	return fmt.Sprintf("Size(%d)", int(s))
}

// Dog is a single listing published by a shelter.
type Dog struct {
	ID           string
	Name         string
	Shelter      string
	Breed        string
	AgeMonths    int
	Size         Size
	GoodWithKids bool
	GoodWithCats bool
	Listed       time.Time
}

// Application is what a prospective adopter fills in.
type Application struct {
	ID              string
	Applicant       string
	Email           string
	HasKids         bool
	HasCats         bool
	MaxSize         Size
	MinAgeMonths    int
	MaxAgeMonths    int
	PreferredBreeds []string
}

// Validate reports whether the application is complete enough to match.
func (a Application) Validate() error {
	switch {
	case a.ID == "":
		return errors.New("adoption: application has no id")
	case a.Applicant == "":
		return errors.New("adoption: application has no applicant")
	case !strings.Contains(a.Email, "@"):
		return fmt.Errorf("adoption: application %s: invalid email %q", a.ID, a.Email)
	case a.MaxSize < SizeSmall || a.MaxSize > SizeLarge:
		return fmt.Errorf("adoption: application %s: invalid size %v", a.ID, a.MaxSize)
	case a.MaxAgeMonths != 0 && a.MaxAgeMonths < a.MinAgeMonths:
		return fmt.Errorf("adoption: application %s: age range is inverted", a.ID)
	}
	return nil
}

// Query is the filter sent to each shelter's listing API.
type Query struct {
	Applicant   string
	Email       string
	MaxSize     Size
	KidFriendly bool
	CatFriendly bool
}

// QueryFor derives the shelter query for an application.
func QueryFor(app Application) Query {
	return Query{
		Applicant:   app.Applicant,
		Email:       strings.ToLower(app.Email),
		MaxSize:     app.MaxSize,
		KidFriendly: app.HasKids,
		CatFriendly: app.HasCats,
	}
}

// Shelter is a partner shelter's listing API.
type Shelter interface {
	Name() string
	Available(ctx context.Context, q Query) ([]Dog, error)
}

// ErrApplicantFlagged is returned by a shelter that has the applicant on its
// do-not-adopt list. A flag from any shelter rejects the whole application.
var ErrApplicantFlagged = errors.New("adoption: applicant flagged by shelter")

// ErrNoMatches is returned when no shelter lists a suitable dog.
var ErrNoMatches = errors.New("adoption: no matching dogs")

// ShelterError attributes an error to the shelter that returned it.
type ShelterError struct {
	Shelter string
	Err     error
}

func (e *ShelterError) Error() string {
	return fmt.Sprintf("adoption: shelter %s: %v", e.Shelter, e.Err)
}

func (e *ShelterError) Unwrap() error { return e.Err }
