package locker

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"sync"
)

// Size is a compartment size class. A parcel fits any compartment of its
// own size or larger.
type Size int

const (
	Small Size = iota + 1
	Medium
	Large
)

func (s Size) String() string {
	switch s {
	case Small:
		return "S"
	case Medium:
		return "M"
	case Large:
		return "L"
	}
	return fmt.Sprintf("size(%d)", int(s))
}

// SlotSpec describes one compartment of the locker bank.
type SlotSpec struct {
	ID   string
	Size Size
}

// Parcel is a shipment handed over by a courier.
type Parcel struct {
	Tracking  string
	Recipient string
	Size      Size
}

type slotState int

const (
	slotFree slotState = iota
	slotReserved
	slotOccupied
	slotOutOfService
)

func (s slotState) String() string {
	return [...]string{"free", "reserved", "occupied", "out-of-service"}[s]
}

// slot is one compartment. Its mutex serialises door operations so that a
// courier and a recipient never drive the same door at once.
type slot struct {
	id   string
	size Size

	mu          sync.Mutex
	state       slotState
	reservation string
	parcel      *Parcel
	code        string
}

const codeDigits = 6

// randomCode returns a numeric pickup code.
func randomCode() (string, error) {
	max := big.NewInt(1_000_000)
	n, err := rand.Int(rand.Reader, max)
	if err != nil {
		return "", fmt.Errorf("locker: pickup code: %w", err)
	}
	return fmt.Sprintf("%0*d", codeDigits, n.Int64()), nil
}
