// The collector's loop drops a request that finds the queue empty: the caller of
// Take waits for an answer that never comes.
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
			if queue == nil {
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
	spans := <-reply // want "the request sent at line 50 can be dropped: `loop` goes on to the next request at line 38"
	reject := func() {
		c.requeue <- spans
	}
	return spans, reject
}
