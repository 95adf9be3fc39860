package seismo

import "sync"

// Forwarder pumps the readings of one relay subscription into a Sink.
// Send errors are counted and logged but do not stop the forwarder; an
// uplink that is briefly unreachable should not lose the subscription.
type Forwarder struct {
	relay  *Relay
	sink   Sink
	cancel func()
	done   chan struct{}

	mu      sync.Mutex
	sent    int
	failed  int
	lastErr error
}

// NewForwarder subscribes to r with filter f and starts forwarding the
// matching readings to sink.
func NewForwarder(r *Relay, sink Sink, f Filter) (*Forwarder, error) {
	ch, cancel, err := r.Subscribe(f)
	if err != nil {
		return nil, err
	}
	fw := &Forwarder{
		relay:  r,
		sink:   sink,
		cancel: cancel,
		done:   make(chan struct{}),
	}
	go fw.pump(ch)
	return fw, nil
}

func (fw *Forwarder) pump(ch <-chan Reading) {
	defer close(fw.done)
	for rd := range ch {
		err := fw.sink.Send(rd)
		fw.mu.Lock()
		if err != nil {
			fw.failed++
			fw.lastErr = err
		} else {
			fw.sent++
		}
		fw.mu.Unlock()
		if err != nil {
			fw.relay.cfg.logf("seismo: forward %s.%v: %v", rd.Station, rd.Component, err)
		}
	}
}

// Stop detaches the forwarder from the relay. Readings already queued for
// it are still delivered; Done is closed once the last one has been sent.
func (fw *Forwarder) Stop() { fw.cancel() }

// Done is closed when the forwarder has finished.
func (fw *Forwarder) Done() <-chan struct{} { return fw.done }

// Counts reports how many readings were sent, how many failed, and the most
// recent send error.
func (fw *Forwarder) Counts() (sent, failed int, lastErr error) {
	fw.mu.Lock()
	defer fw.mu.Unlock()
	return fw.sent, fw.failed, fw.lastErr
}
