package fixedmadebyitself

// The cleaner goroutine makes its own queue before ranging over it: it never
// ranges over a nil channel. (Producers that run before it use a select with
// a default, which skips a nil queue.)

type cleaner struct {
	queue chan string
	spill []string
}

func newCleaner() *cleaner {
	return &cleaner{}
}

func (c *cleaner) Start() {
	go c.drain()
}

func (c *cleaner) Add(key string) {
	select {
	case c.queue <- key:
	default:
		c.spill = append(c.spill, key)
	}
}

func (c *cleaner) drain() {
	c.queue = make(chan string, 64)
	for key := range c.queue {
		_ = key
	}
}

func Run() {
	c := newCleaner()
	c.Start()
	c.Add("x")
}
