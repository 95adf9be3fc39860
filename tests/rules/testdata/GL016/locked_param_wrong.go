package lockedparamwrong

import "sync"

// Counter's helper locks unless told the caller holds the lock.
type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) value(locked bool) int {
	if !locked {
		c.mu.Lock()
		defer c.mu.Unlock()
	}
	return c.n
}

// Bump holds c.mu but tells the helper it does not.
func (c *Counter) Bump() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	return c.value(false) // want "`c.value` takes `c.mu` again \\(Lock\\) while this goroutine already holds it since line 21"
}

// pause lets go of the lock under one flag and takes it under another: with
// release false and again true it locks what the caller holds.
func (c *Counter) pause(release, again bool) {
	if release {
		c.mu.Unlock()
	}
	c.n--
	if again {
		c.mu.Lock()
	}
}

func (c *Counter) Drop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pause(false, true) // want "`c.pause` takes `c.mu` again \\(Lock\\) while this goroutine already holds it since line 40"
}

type options struct {
	withAlreadyLocked bool
}

// Option tunes one call.
type Option func(*options)

// WithAlreadyLocked says the caller holds the counter's lock.
func WithAlreadyLocked(held bool) Option {
	return func(o *options) { o.withAlreadyLocked = held }
}

func (c *Counter) read(opt ...Option) int {
	var opts options
	for _, fn := range opt {
		fn(&opts)
	}
	if !opts.withAlreadyLocked {
		c.mu.Lock()
		defer c.mu.Unlock()
	}
	return c.n
}

// Reset holds c.mu but forgets the option that says so.
func (c *Counter) Reset() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.read() // want "`c.read` takes `c.mu` again \\(Lock\\) while this goroutine already holds it since line \\d+"
	c.n = 0
	return old
}
