// Package bloodbank keeps the inventory of a hospital blood bank and
// allocates compatible red cell units to transfusion requests.
package bloodbank

import (
	"fmt"
	"time"
)

// BloodType is an ABO/RhD blood group.
type BloodType int

// ABO/RhD groups.
const (
	ONeg BloodType = iota
	OPos
	ANeg
	APos
	BNeg
	BPos
	ABNeg
	ABPos
)

var typeNames = [...]string{"O-", "O+", "A-", "A+", "B-", "B+", "AB-", "AB+"}

func (b BloodType) String() string {
	if b >= 0 && int(b) < len(typeNames) {
		return typeNames[b]
	}
	return fmt.Sprintf("BloodType(%d)", int(b))
}

func (b BloodType) abo() (a, bAntigen bool) {
	switch b {
	case ANeg, APos:
		return true, false
	case BNeg, BPos:
		return false, true
	case ABNeg, ABPos:
		return true, true
	}
	return false, false
}

func (b BloodType) rhPositive() bool {
	return b == OPos || b == APos || b == BPos || b == ABPos
}

// CanDonateTo reports whether red cells of type donor are compatible with a
// recipient of type recipient: the donor must carry no antigen the
// recipient lacks.
func CanDonateTo(donor, recipient BloodType) bool {
	da, db := donor.abo()
	ra, rb := recipient.abo()
	if (da && !ra) || (db && !rb) {
		return false
	}
	return !donor.rhPositive() || recipient.rhPositive()
}

// compatibleDonors lists donor groups for recipient, the recipient's own
// group first so that universal donor stock is kept for when it is needed.
func compatibleDonors(recipient BloodType) []BloodType {
	out := []BloodType{recipient}
	for d := ONeg; d <= ABPos; d++ {
		if d != recipient && CanDonateTo(d, recipient) {
			out = append(out, d)
		}
	}
	return out
}

// Unit is one bag of packed red cells.
type Unit struct {
	ID        string
	Type      BloodType
	Collected time.Time
	Expires   time.Time
}

// Request asks for a number of units for a patient.
type Request struct {
	Patient   string
	Recipient BloodType
	Units     int
}

// Allocation is the outcome of a Request.
type Allocation struct {
	Request Request
	Units   []Unit
	Err     error
}

// Clock supplies the current time; tests replace it.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }
