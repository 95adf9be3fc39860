package recon

// Progress is a snapshot of a running reconciliation.
type Progress struct {
	File    string
	Rows    int
	Matched int
	Breaks  int
}

// progressReporter hands progress snapshots to a callback on its own
// goroutine, so a slow callback (one that pushes to a dashboard, say) never
// holds up matching. If the callback falls behind, an undelivered snapshot is
// replaced by the newer one. A nil *progressReporter discards everything.
type progressReporter struct {
	fn   func(Progress)
	ch   chan Progress
	done chan struct{}
}

func startProgress(fn func(Progress)) *progressReporter {
	if fn == nil {
		return nil
	}
	p := &progressReporter{fn: fn, ch: make(chan Progress, 1), done: make(chan struct{})}
	go p.loop()
	return p
}

func (p *progressReporter) loop() {
	defer close(p.done)
	for snap := range p.ch {
		p.fn(snap)
	}
}

// update queues snap for delivery. It never blocks. Only the goroutine
// running the reconciliation calls update.
func (p *progressReporter) update(snap Progress) {
	if p == nil {
		return
	}
	for {
		select {
		case p.ch <- snap:
			return
		default:
		}
		select {
		case <-p.ch:
		default:
		}
	}
}

// stop waits until queued snapshots have been delivered.
func (p *progressReporter) stop() {
	if p == nil {
		return
	}
	close(p.ch)
	<-p.done
}
