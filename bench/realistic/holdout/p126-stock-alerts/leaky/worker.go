package alerts

// symbolWorker evaluates all rules of one symbol, in quote order, on its
// own goroutine so that a slow symbol does not hold up the others.
type symbolWorker struct {
	symbol  string
	rules   []*ruleState
	in      chan Quote
	done    chan struct{}
	deliver func(Alert)
}

func newSymbolWorker(symbol string, rules []Rule, buffer int, deliver func(Alert)) *symbolWorker {
	w := &symbolWorker{
		symbol:  symbol,
		in:      make(chan Quote, buffer),
		done:    make(chan struct{}),
		deliver: deliver,
	}
	for _, r := range rules {
		w.rules = append(w.rules, newRuleState(r))
	}
	return w
}

// offer hands q to the worker without blocking. It reports false if the
// worker is backed up and the quote was dropped.
func (w *symbolWorker) offer(q Quote) bool {
	select {
	case w.in <- q:
		return true
	default:
		return false
	}
}

// stop tells the worker to exit after the quotes already queued. The caller
// must guarantee offer is not called concurrently or afterwards.
func (w *symbolWorker) stop() {
	close(w.in)
}

func (w *symbolWorker) run() {
	defer close(w.done)
	for q := range w.in { // leak: replaced worker's channel is never closed
		for _, rs := range w.rules {
			if a, ok := rs.evaluate(q); ok {
				w.deliver(a)
			}
		}
	}
}
