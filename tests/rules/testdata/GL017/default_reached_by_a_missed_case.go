package missedscheme

import (
	"errors"
	"sync"
)

// Scheme is what an endpoint's URL starts with; parse hands out only these.
type Scheme string

const (
	HTTP  = Scheme("http")
	Kafka = Scheme("kafka")
	Redis = Scheme("redis")
)

type conn struct{ scheme Scheme }

// Pool keeps one connection per endpoint.
type Pool struct {
	mu    sync.Mutex
	conns map[string]*conn
}

// Get dials on first use. The switch forgets Redis, which then reaches the default with
// the mutex held.
func (p *Pool) Get(endpoint string, s Scheme) (*conn, error) {
	p.mu.Lock() // want "`p.mu` stays locked when `Get` returns at line 33"
	c, ok := p.conns[endpoint]
	if !ok {
		switch s {
		default:
			return nil, errors.New("invalid scheme")
		case HTTP, Kafka:
			c = &conn{scheme: s}
		}
		p.conns[endpoint] = c
	}
	p.mu.Unlock()
	return c, nil
}
