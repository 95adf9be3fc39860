package crushpad

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Crate is one picking crate as it arrives at the crush pad.
type Crate struct {
	ID         string
	Block      string // vineyard block, e.g. "B7"
	Variety    string
	PickedAt   time.Time
	Brix       float64 // refractometer reading of a juice sample
	RotPercent float64 // visual estimate of bunch rot
	MOGPercent float64 // material other than grapes: leaves, canes
}

func (c Crate) validate() error {
	switch {
	case strings.TrimSpace(c.ID) == "":
		return errors.New("crushpad: crate without id")
	case strings.TrimSpace(c.Block) == "":
		return fmt.Errorf("crushpad: crate %s has no block", c.ID)
	case c.Brix < 0 || c.Brix > 40:
		return fmt.Errorf("crushpad: crate %s: implausible brix %.1f", c.ID, c.Brix)
	case c.RotPercent < 0 || c.RotPercent > 100 || c.MOGPercent < 0 || c.MOGPercent > 100:
		return fmt.Errorf("crushpad: crate %s: percentages out of range", c.ID)
	}
	return nil
}

// Scale is the load cell under the crate conveyor.
type Scale interface {
	Weigh(ctx context.Context, crateID string) (grossKg float64, err error)
}

// Logger is the subset of *log.Logger the station uses.
type Logger interface {
	Printf(format string, args ...interface{})
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...interface{}) {}

var (
	ErrStationClosed    = errors.New("crushpad: station closed")
	ErrBlockQuarantined = errors.New("crushpad: block quarantined")
	ErrUnderripe        = errors.New("crushpad: fruit below minimum brix")
)

// BlockTally is the running total for one vineyard block.
type BlockTally struct {
	Block       string
	Crates      int
	NetKg       float64
	Rejected    int
	Unweighed   int
	Quarantined bool
	brixKg      float64
}

// MeanBrix is the weight-averaged sugar content of the accepted fruit.
func (t BlockTally) MeanBrix() float64 {
	if t.NetKg == 0 {
		return 0
	}
	return t.brixKg / t.NetKg
}

// Tonnes is the net accepted fruit in metric tonnes.
func (t BlockTally) Tonnes() float64 { return t.NetKg / 1000 }
