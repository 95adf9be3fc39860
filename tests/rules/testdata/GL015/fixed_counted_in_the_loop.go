package fixedcountedintheloop

import "sync"

// Producer's dispatcher counts messages in itself: what it skips it never counted.
// Only the shutdown marker is counted by its sender.
type Producer struct {
	input    chan *Message
	inFlight sync.WaitGroup
	out      chan *Message
}

// Message is one record to publish; a shutdown marker has shutdown set.
type Message struct {
	Topic    string
	shutdown bool
}

// Input is where callers send messages.
func (p *Producer) Input() chan<- *Message { return p.input }

func (p *Producer) dispatch() {
	for msg := range p.input {
		if msg == nil {
			continue
		}
		if msg.shutdown {
			p.inFlight.Done()
			continue
		}
		p.inFlight.Add(1)
		p.out <- msg
	}
}

// Close sends the shutdown marker and waits for what is in flight.
func (p *Producer) Close() {
	p.inFlight.Add(1)
	p.input <- &Message{shutdown: true}
	p.inFlight.Wait()
}
