package cache_fill

import (
	"errors"
	"fmt"
)

// run: go func() { _, _ = NewCache(map[string]string{"user:1": "ann"}).Get("user:2") }()

var errNotFound = errors.New("not found")

// Cache loads missing keys from a backing store on a goroutine of their own.
type Cache struct {
	store map[string]string
	hot   map[string]string
}

func NewCache(store map[string]string) *Cache {
	return &Cache{store: store, hot: map[string]string{}}
}

func (c *Cache) load(key string) (string, error) {
	if v, ok := c.store[key]; ok {
		return v, nil
	}
	return "", fmt.Errorf("load %s: %w", key, errNotFound)
}

// Get returns the cached value of key, loading it first if needed.
func (c *Cache) Get(key string) (string, error) {
	if v, ok := c.hot[key]; ok {
		return v, nil
	}
	values := make(chan string)
	failures := make(chan error)
	go func() {
		v, err := c.load(key)
		switch {
		case err == nil:
			values <- v
		case errors.Is(err, errNotFound):
			return // a miss is not a failure
		default:
			failures <- err
		}
	}()
	select { // want "blocks forever"
	case v := <-values:
		c.hot[key] = v
		return v, nil
	case err := <-failures:
		return "", err
	}
}
