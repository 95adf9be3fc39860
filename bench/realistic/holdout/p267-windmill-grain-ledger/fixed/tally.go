package grainledger

import (
	"fmt"
	"log"
	"math"
)

type opKind int

const (
	opDeliver opKind = iota
	opCollect
	opQuery
)

type tallyReply struct {
	bal Balance
	err error
}

type tallyOp struct {
	kind     opKind
	delivery Delivery
	kg       float64
	reply    chan tallyReply
}

type rates struct {
	tollFraction float64
	extraction   map[Crop]float64
	feePerKgP    map[Crop]float64
}

func (r rates) apply(b *Balance, d Delivery) error {
	ext, ok := r.extraction[d.Crop]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownCrop, d.Crop)
	}
	toll := d.Kg * r.tollFraction
	b.GrainKg[d.Crop] += d.Kg
	b.TollKg += toll
	b.FlourOwedKg += (d.Kg - toll) * ext
	b.GrindingFeeP += int64(math.Round(d.Kg * r.feePerKgP[d.Crop]))
	b.Deliveries++
	if d.At.After(b.LastDeliveryAt) {
		b.LastDeliveryAt = d.At
	}
	return nil
}

// spawnTally starts the goroutine that owns one farmer's balance and returns
// the channel used to talk to it.
func spawnTally(farmer string, r rates, logger *log.Logger) chan tallyOp {
	ops := make(chan tallyOp)
	go func() {
		bal := Balance{GrainKg: make(map[Crop]float64)}
		for op := range ops {
			var err error
			switch op.kind {
			case opDeliver:
				err = r.apply(&bal, op.delivery)
				if err == nil {
					logger.Printf("%s: %.0fkg %s received, %.1fkg flour owed",
						farmer, op.delivery.Kg, op.delivery.Crop, bal.Outstanding())
				}
			case opCollect:
				if op.kg > bal.Outstanding()+1e-9 {
					err = fmt.Errorf("%w: %s asked for %.1fkg, %.1fkg held", ErrOverdrawn, farmer, op.kg, bal.Outstanding())
					break
				}
				bal.FlourTakenKg += op.kg
			case opQuery:
			}
			op.reply <- tallyReply{bal: bal.clone(), err: err}
		}
		logger.Printf("%s: account closed", farmer)
	}()
	return ops
}
