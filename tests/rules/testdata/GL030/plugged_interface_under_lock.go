package enforce

import (
	"fmt"
	"sync"
)

// run: b := NewBook(Config{Enforcer: EnforceFunc(func(string, int) error { panic("platform down") })}); _ = b.Flag("u"); go func() { _ = b.Flag("v") }()

// Enforcer applies a sanction on the platform; the caller supplies it.
type Enforcer interface {
	Enforce(user string, strikes int) error
}

// EnforceFunc adapts a function to an Enforcer.
type EnforceFunc func(user string, strikes int) error

// Enforce calls f.
func (f EnforceFunc) Enforce(user string, strikes int) error { return f(user, strikes) }

// Config holds the book's collaborators.
type Config struct {
	Enforcer Enforcer
}

// Book counts strikes per user and enforces them in order.
type Book struct {
	mu      sync.Mutex
	cfg     Config
	strikes map[string]int
}

// NewBook returns an empty book.
func NewBook(cfg Config) *Book {
	return &Book{cfg: cfg, strikes: make(map[string]int)}
}

// Flag records a strike and enforces it; a panicking enforcer is reported as an error.
func (b *Book) Flag(user string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("flag %s: %v", user, p)
		}
	}()
	b.mu.Lock() // want "`b.mu` stays locked if `b.cfg.Enforcer.Enforce\\(...\\)` at line 48 panics"
	b.strikes[user]++
	// Enforce under the lock: two strikes of one user must reach the platform in order.
	err = b.cfg.Enforcer.Enforce(user, b.strikes[user])
	b.mu.Unlock()
	return err
}
