package hidebatch

import (
	"context"
	"fmt"
	"log"
	"sync/atomic"
	"time"
)

// Dosing computes how much tanning agent a load needs.
type Dosing interface {
	Charge(ctx context.Context, process string, loadKg float64) (float64, error)
}

// Ledger stores finished batch results for traceability.
type Ledger interface {
	Record(ctx context.Context, r Result) error
}

// Result describes one batch run through a drum.
type Result struct {
	BatchID  string
	Process  string
	Drum     string
	LoadKg   float64
	AgentKg  float64
	Grades   map[Grade]int
	Rejected []string
	Started  time.Time
	Finished time.Time
}

type request struct {
	ctx   context.Context
	batch Batch
	reply chan reply
}

type reply struct {
	res *Result
	err error
}

// drum runs batches for one tanning process, one load at a time, the way a
// physical drum does.
type drum struct {
	name       string
	process    string
	capacityKg float64
	rejectAt   int
	dosing     Dosing
	ledger     Ledger
	logger     *log.Logger
	now        func() time.Time

	in    chan request
	done  chan struct{}
	loads atomic.Int64
}

func (d *drum) run() {
	defer close(d.done)
	for req := range d.in {
		res, err := d.tan(req.ctx, req.batch)
		if err != nil {
			d.logger.Printf("drum %s: batch %s failed: %v", d.name, req.batch.ID, err)
		}
		req.reply <- reply{res: res, err: err}
	}
}

func (d *drum) tan(ctx context.Context, b Batch) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	load := b.weight()
	if load > d.capacityKg {
		return nil, fmt.Errorf("%w: batch %s is %.1f kg, drum %s holds %.1f kg",
			ErrOverweight, b.ID, load, d.name, d.capacityKg)
	}
	agent, err := d.dosing.Charge(ctx, d.process, load)
	if err != nil {
		return nil, fmt.Errorf("hidebatch: dosing batch %s: %w", b.ID, err)
	}

	res := &Result{
		BatchID: b.ID,
		Process: d.process,
		Drum:    d.name,
		LoadKg:  load,
		AgentKg: agent,
		Grades:  make(map[Grade]int, 4),
		Started: d.now(),
	}
	for _, h := range b.Hides {
		g := gradeHide(h, d.rejectAt)
		res.Grades[g]++
		if g == GradeReject {
			res.Rejected = append(res.Rejected, h.Tag)
		}
	}
	res.Finished = d.now()

	if err := d.ledger.Record(ctx, *res); err != nil {
		return nil, fmt.Errorf("hidebatch: recording batch %s: %w", b.ID, err)
	}
	d.loads.Add(1)
	d.logger.Printf("drum %s: batch %s done: %d hides, %.1f kg agent, %d rejected",
		d.name, b.ID, len(b.Hides), agent, len(res.Rejected))
	return res, nil
}
