package fixed_config_watch

import "sync"

// run: c := NewConfig(map[string]string{"mode": "a"}); c.Watch(func(map[string]string) {}); c.Reset(); c.Close()

// Config holds settings that watchers follow as they change.
type Config struct {
	mu      sync.Mutex
	values  map[string]string
	changed chan struct{} // closed, and made anew, on every change
	closed  bool
}

// NewConfig starts with values.
func NewConfig(values map[string]string) *Config {
	return &Config{values: values, changed: make(chan struct{})}
}

// Snapshot returns the values and a channel closed at the next change.
func (c *Config) Snapshot() (map[string]string, <-chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]string, len(c.values))
	for k, v := range c.values {
		out[k] = v
	}
	return out, c.changed
}

// Set changes one value and wakes the watchers.
func (c *Config) Set(key, value string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	c.values[key] = value
	close(c.changed)
	c.changed = make(chan struct{})
}

// Reset forgets every value.
func (c *Config) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	c.values = map[string]string{}
	close(c.changed)
	c.changed = make(chan struct{})
}

// Closed reports whether Close was called.
func (c *Config) Closed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

// Close wakes the watchers for the last time.
func (c *Config) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		c.closed = true
		close(c.changed)
	}
}

// Watch calls fn with the values after every change, until Close.
func (c *Config) Watch(fn func(map[string]string)) {
	_, changed := c.Snapshot()
	go func() {
		for {
			<-changed
			if c.Closed() {
				return
			}
			var values map[string]string
			values, changed = c.Snapshot()
			fn(values)
		}
	}()
}
