package rivet

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrLooseRivet is returned by a Gun when the holder-up reports a rivet
// that did not close properly and has to be cut out and redriven.
var ErrLooseRivet = errors.New("rivet: loose rivet")

// Gun is a pneumatic riveting hammer checked out to a crew.
type Gun interface {
	ID() string
	// Drive sets up to n rivets and returns how many were closed.
	Drive(ctx context.Context, n int) (int, error)
}

// ToolCrib hands out riveting guns sized for a rivet diameter.
type ToolCrib interface {
	Checkout(ctx context.Context, crew string, diameterMM int) (Gun, error)
	Return(g Gun)
}

// BayReport is a crew's tally for one bay.
type BayReport struct {
	Bay      string
	Crew     string
	Gun      string
	Driven   int
	Redriven int
	Took     time.Duration
	Err      error
}

// runCrew rivets one bay and sends its report on out.
func (y *Yard) runCrew(ctx context.Context, wg *sync.WaitGroup, crew string, bay Bay, out chan<- BayReport) {
	defer wg.Done()
	defer func() { y.idle <- crew }()

	start := time.Now()
	rep := BayReport{Bay: bay.ID, Crew: crew}
	gun, err := y.crib.Checkout(ctx, crew, bay.DiameterMM)
	if err != nil {
		rep.Err = fmt.Errorf("crew %s, bay %s: checkout %d mm gun: %w", crew, bay.ID, bay.DiameterMM, err)
		out <- rep
		return
	}
	defer y.crib.Return(gun)
	rep.Gun = gun.ID()

	for rep.Driven < bay.Rivets {
		batch := y.cfg.Batch
		if left := bay.Rivets - rep.Driven; left < batch {
			batch = left
		}
		n, err := gun.Drive(ctx, batch)
		rep.Driven += n
		if errors.Is(err, ErrLooseRivet) && rep.Redriven < y.cfg.MaxRedrivePerBay {
			rep.Redriven++
			continue
		}
		if err != nil {
			rep.Err = fmt.Errorf("crew %s, bay %s: after %d rivets: %w", crew, bay.ID, rep.Driven, err)
			break
		}
	}
	rep.Took = time.Since(start)
	y.log.Printf("crew %s finished bay %s: %d rivets, %d redriven, %v", crew, bay.ID, rep.Driven, rep.Redriven, rep.Took)
	out <- rep
}
