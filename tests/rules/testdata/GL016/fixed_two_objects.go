package fixedtwoobjects

import "sync"

// Node is one node of a tree; each has its own lock.
type Node struct {
	mu       sync.Mutex
	parent   *Node
	children []*Node
}

// Adopt locks the parent, then the child: two objects of one type, two mutexes.
func (n *Node) Adopt(c *Node) {
	n.mu.Lock()
	defer n.mu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.parent = n
	n.children = append(n.children, c)
}

// Depth locks the parents one after another through a method of each.
func (n *Node) Depth() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.parent == nil {
		return 0
	}
	return n.parent.Depth() + 1
}

func unlockOnce(l sync.Locker) func() {
	var once sync.Once
	return func() { once.Do(l.Unlock) }
}

// Start unlocks early through a function value, then does work that locks again.
func (n *Node) Start() int {
	unlock := unlockOnce(&n.mu)
	n.mu.Lock()
	defer unlock()
	if n.parent != nil {
		return 0
	}
	unlock()
	return n.count()
}

func (n *Node) count() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.children)
}
