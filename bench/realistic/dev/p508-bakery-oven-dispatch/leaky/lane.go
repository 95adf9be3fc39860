package ovens

import "context"

type lane struct {
	name string
	spec OvenSpec
	in   chan Batch
	done chan struct{}
}

func (d *Dispatcher) startLane(name string, spec OvenSpec) {
	l := &lane{
		name: name,
		spec: spec,
		in:   make(chan Batch, spec.QueueDepth),
		done: make(chan struct{}),
	}
	d.lanes[name] = l
	d.log.Printf("oven %s (%s) ready: %d-%d C, %d decks", name, spec.Kind, spec.MinTempC, spec.MaxTempC, spec.Decks)
	go d.runLane(l)
}

func (d *Dispatcher) runLane(l *lane) {
	defer close(l.done)
	for b := range l.in { // leak: the lane was replaced in d.lanes on reload but its channel is never closed
		res := Result{Batch: b, Oven: l.name, Started: d.now()}
		ctx, cancel := context.WithTimeout(d.ctx, b.Bake+l.spec.Grace)
		res.Err = d.ctrl.Bake(ctx, l.name, b)
		cancel()
		res.Finished = d.now()
		if res.Err != nil {
			d.log.Printf("oven %s: batch %s (%s): %v", l.name, b.ID, b.Product, res.Err)
		}
		d.onBaked(res)
	}
}
