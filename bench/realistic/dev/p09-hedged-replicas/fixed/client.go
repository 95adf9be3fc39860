// Package kv is a client for a replicated key-value service.
package kv

import (
	"errors"
	"time"
)

// Replica is one server holding a copy of the data.
type Replica interface {
	Name() string
	Get(key string) ([]byte, error)
}

// Client reads from every replica and keeps the fastest answer.
type Client struct {
	replicas []Replica
	timeout  time.Duration
}

// ErrNoReplica means the client was built without replicas.
var ErrNoReplica = errors.New("kv: no replicas configured")

// NewClient makes a hedging client.
func NewClient(timeout time.Duration, replicas ...Replica) *Client {
	return &Client{replicas: replicas, timeout: timeout}
}

type answer struct {
	from  string
	value []byte
	err   error
}

// Get asks all replicas at once and returns the first answer to arrive.
func (c *Client) Get(key string) ([]byte, string, error) {
	if len(c.replicas) == 0 {
		return nil, "", ErrNoReplica
	}
	// Room for every replica's answer: the slower ones are dropped, not stuck.
	answers := make(chan answer, len(c.replicas))
	for _, r := range c.replicas {
		go func(r Replica) {
			v, err := r.Get(key)
			answers <- answer{from: r.Name(), value: v, err: err}
		}(r)
	}
	select {
	case a := <-answers:
		return a.value, a.from, a.err
	case <-time.After(c.timeout):
		return nil, "", errors.New("kv: all replicas timed out")
	}
}
