package fixedkeyleftoutofthewalkedlist

import "sync"

type lane struct {
	name  string
	posts chan int
	total int
}

func (l *lane) run() {
	for p := range l.posts {
		l.total += p
	}
}

// Board keeps one lane per name and closes them in the order they were opened.
type Board struct {
	mu    sync.Mutex
	lanes map[string]*lane
	order []string
}

func NewBoard(names []string) *Board {
	b := &Board{lanes: make(map[string]*lane)}
	for _, n := range names {
		b.startLane(n)
	}
	return b
}

func (b *Board) startLane(name string) *lane {
	l := &lane{name: name, posts: make(chan int, 8)}
	b.lanes[name] = l
	b.order = append(b.order, name)
	go l.run()
	return l
}

// laneFor opens a lane on first use.
func (b *Board) laneFor(name string) *lane {
	if l, ok := b.lanes[name]; ok {
		return l
	}
	return b.startLane(name)
}

func (b *Board) Post(name string, v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.laneFor(name).posts <- v
}

func (b *Board) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, n := range b.order {
		close(b.lanes[n].posts)
	}
}
