// The collector's loop answers every request it receives; when the request channel
// is closed, the `!ok` arm received no request, so there is nothing to answer there
// (NO_REQUEST_WHEN_CLOSED).
package spans

type Span struct{ Name string }

type Collector struct {
	spans    chan Span
	requests chan chan []Span
	requeue  chan []Span
}

func New() *Collector {
	c := &Collector{spans: make(chan Span), requests: make(chan chan []Span), requeue: make(chan []Span)}
	go c.loop()
	return c
}

func (c *Collector) loop() {
	var queue []Span
	for {
		if c.spans == nil && c.requests == nil {
			return
		}
		select {
		case s, ok := <-c.spans:
			if !ok {
				c.spans = nil
				break
			}
			queue = append(queue, s)
		case reply, ok := <-c.requests:
			if !ok {
				c.requests = nil
				break
			}
			reply <- queue
			queue = nil
		case back := <-c.requeue:
			queue = append(back, queue...)
		}
	}
}

func (c *Collector) Take() ([]Span, func()) {
	reply := make(chan []Span)
	c.requests <- reply
	spans := <-reply
	reject := func() {
		c.requeue <- spans
	}
	return spans, reject
}
