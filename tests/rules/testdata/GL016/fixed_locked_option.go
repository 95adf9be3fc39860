package fixedlockedoption

import (
	"errors"
	"sync"
)

var errNoKey = errors.New("vault: no key")

type options struct {
	withAlreadyLocked bool
}

// Option tunes one call.
type Option func(*options)

// WithAlreadyLocked says the caller holds the keyring's lock.
func WithAlreadyLocked(held bool) Option {
	return func(o *options) { o.withAlreadyLocked = held }
}

func getOpts(opt ...Option) options {
	var o options
	for _, fn := range opt {
		fn(&o)
	}
	return o
}

// Keyring unwraps keys; its helpers lock unless an option says the caller does.
type Keyring struct {
	mu      sync.Mutex
	wrapped []byte
	plain   []byte
}

// Unwrap decodes the wrapped key.
func (k *Keyring) Unwrap(opt ...Option) ([]byte, error) {
	opts := getOpts(opt...)
	if !opts.withAlreadyLocked {
		k.mu.Lock()
		defer k.mu.Unlock()
	}
	if k.wrapped == nil {
		return nil, errNoKey
	}
	return append([]byte(nil), k.wrapped...), nil
}

// Ensure holds the lock while it may unwrap, and says so.
func (k *Keyring) Ensure() error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.plain != nil {
		return nil
	}
	plain, err := k.Unwrap(WithAlreadyLocked(true))
	if err != nil {
		return err
	}
	k.plain = plain
	return nil
}
