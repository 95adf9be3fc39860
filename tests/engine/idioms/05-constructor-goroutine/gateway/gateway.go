package gateway

// run: g := NewGateway(); g.Start(); g.Send(Message{ID: 7, Body: "ping"}, false); g.Close()

// Message is one outbound message; the gateway acknowledges it by ID once written.
type Message struct {
	ID   int
	Body string
}

// Gateway writes messages through a background flush worker.
type Gateway struct {
	worker *flushWorker
}

func NewGateway() *Gateway {
	return &Gateway{worker: &flushWorker{in: make(chan Message, 4), acks: make(chan int)}}
}

func (g *Gateway) Start() {
	go g.worker.loop()
}

// Send queues m; with wait it returns once the worker has written it.
func (g *Gateway) Send(m Message, wait bool) {
	g.worker.in <- m
	if !wait {
		return
	}
	<-g.worker.acks
}

func (g *Gateway) Close() {
	close(g.worker.in)
}
