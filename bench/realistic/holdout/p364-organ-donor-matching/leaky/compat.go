// Package matching allocates donated organs to compatible recipients on a
// transplant waiting list.
package matching

import (
	"fmt"
	"time"
)

// BloodType is an ABO blood group.
type BloodType string

const (
	O  BloodType = "O"
	A  BloodType = "A"
	B  BloodType = "B"
	AB BloodType = "AB"
)

// CanDonateTo reports whether an organ of blood group d may be given to a
// recipient of group r.
func (d BloodType) CanDonateTo(r BloodType) bool {
	switch d {
	case O:
		return true
	case A:
		return r == A || r == AB
	case B:
		return r == B || r == AB
	case AB:
		return r == AB
	}
	return false
}

// OrganKind is the organ being offered.
type OrganKind string

const (
	Kidney OrganKind = "kidney"
	Liver  OrganKind = "liver"
	Heart  OrganKind = "heart"
	Lung   OrganKind = "lung"
)

// HLA holds the typed antigens at the A, B and DR loci, two per locus.
type HLA struct {
	A, B, DR [2]string
}

// Mismatches counts donor antigens absent in the recipient, 0 to 6.
func (donor HLA) Mismatches(recipient HLA) int {
	count := func(d, r [2]string) int {
		n := 0
		for _, ag := range d {
			if ag != "" && ag != r[0] && ag != r[1] {
				n++
			}
		}
		return n
	}
	return count(donor.A, recipient.A) + count(donor.B, recipient.B) + count(donor.DR, recipient.DR)
}

// Donor describes a deceased donor.
type Donor struct {
	ID    string
	Blood BloodType
	HLA   HLA
	Age   int
}

// Offer is one organ from a donor, which must be transplanted before
// Expires (the cold ischaemia limit).
type Offer struct {
	ID      string
	Donor   Donor
	Organ   OrganKind
	Expires time.Time
}

// Recipient is a patient on the waiting list.
type Recipient struct {
	ID        string
	Organ     OrganKind
	Blood     BloodType
	HLA       HLA
	Age       int
	Listed    time.Time
	Urgent    bool
	Suspended bool
}

// score ranks a compatible recipient for an offer; higher is better.
func score(o Offer, r Recipient, now time.Time) float64 {
	s := now.Sub(r.Listed).Hours() / 24 / 365 * 10 // waiting years
	s += float64(6-o.Donor.HLA.Mismatches(r.HLA)) * 2
	if r.Urgent {
		s += 50
	}
	if r.Age < 18 {
		s += 15
	}
	return s
}

func eligible(o Offer, r Recipient) bool {
	return !r.Suspended && r.Organ == o.Organ && o.Donor.Blood.CanDonateTo(r.Blood)
}

// Result is the outcome of allocating one offer.
type Result struct {
	OfferID   string
	Recipient string // empty when no recipient was found
	Score     float64
	Err       error
}

func (r Result) String() string {
	if r.Err != nil {
		return fmt.Sprintf("offer %s: %v", r.OfferID, r.Err)
	}
	return fmt.Sprintf("offer %s -> %s (%.1f)", r.OfferID, r.Recipient, r.Score)
}
