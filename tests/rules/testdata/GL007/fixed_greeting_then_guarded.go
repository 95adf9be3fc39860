package fixedgreetingthenguarded

import "sync"

// member receives the room's recent history, then every new line, on out.
type member struct {
	live chan string
	out  chan string
	gone chan struct{}
	once sync.Once
}

// Leave stops delivering to the member; its reader may stop reading at once.
func (m *member) Leave() { m.once.Do(func() { close(m.gone) }) }

// Lines is what the member reads.
func (m *member) Lines() <-chan string { return m.out }

func greeting(history []string) string { return "welcome" }

func (m *member) deliver(history []string) {
	defer close(m.out)
	m.out <- greeting(history) // the reader takes the greeting before it may leave
	for {
		select {
		case line := <-m.live:
			select {
			case m.out <- line:
			case <-m.gone:
				return
			}
		case <-m.gone:
			return
		}
	}
}

// Room keeps the last lines said and the members listening.
type Room struct {
	mu      sync.Mutex
	history []string
	members []*member
}

// NewRoom returns an empty room.
func NewRoom() *Room { return &Room{} }

// Say records a line for members who join later.
func (r *Room) Say(line string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.history = append(r.history, line)
}

// Join adds a member that first gets the room's history.
func (r *Room) Join() *member {
	m := &member{live: make(chan string, 8), out: make(chan string), gone: make(chan struct{})}
	r.mu.Lock()
	history := append([]string(nil), r.history...)
	r.members = append(r.members, m)
	r.mu.Unlock()
	go m.deliver(history)
	return m
}
