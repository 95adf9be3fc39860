package chat

import "time"

// Message is a chat line.
type Message struct {
	Room string
	From string
	Text string
	At   time.Time
}

// Member is one connected participant. The broker closes Out when it stops.
type Member struct {
	Name string
	Room string
	Out  chan Message
}

// Broker owns room membership; all state is confined to its run loop.
type Broker struct {
	join    chan *Member
	leave   chan *Member
	publish chan Message
	stop    chan struct{}
	done    chan struct{}
}

// NewBroker starts the broker loop.
func NewBroker() *Broker {
	b := &Broker{
		join:    make(chan *Member),
		leave:   make(chan *Member),
		publish: make(chan Message),
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	go b.run()
	return b
}

func (b *Broker) run() {
	defer close(b.done)
	rooms := map[string]map[*Member]bool{}
	for {
		select {
		case m := <-b.join:
			if rooms[m.Room] == nil {
				rooms[m.Room] = map[*Member]bool{}
			}
			rooms[m.Room][m] = true
		case m := <-b.leave:
			if rooms[m.Room][m] {
				delete(rooms[m.Room], m)
				close(m.Out)
			}
		case msg := <-b.publish:
			for m := range rooms[msg.Room] {
				select {
				case m.Out <- msg:
				default: // slow reader: drop rather than stall the room
				}
			}
		case <-b.stop:
			for _, members := range rooms {
				for m := range members {
					close(m.Out)
				}
			}
			return
		}
	}
}

// Join adds a member to room.
func (b *Broker) Join(name, room string) *Member {
	m := &Member{Name: name, Room: room, Out: make(chan Message, 16)}
	b.join <- m
	return m
}

// Leave removes m; its Out channel is closed.
func (b *Broker) Leave(m *Member) {
	select {
	case b.leave <- m:
	case <-b.done: // the broker stopped and already closed m.Out
	}
}

// Publish sends msg to everyone in msg.Room.
func (b *Broker) Publish(msg Message) {
	if msg.At.IsZero() {
		msg.At = time.Now()
	}
	b.publish <- msg
}

// Stop disconnects every member and ends the broker.
func (b *Broker) Stop() {
	close(b.stop)
	<-b.done
}
