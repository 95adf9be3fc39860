package dialers

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

// Get dials on first use. The switch names every scheme, so its default is written for
// form and no value reaches it (DEFAULT_NO_VALUE_REACHES).
func (p *Pool) Get(endpoint string, s Scheme) (*conn, error) {
	p.mu.Lock()
	c, ok := p.conns[endpoint]
	if !ok {
		switch s {
		default:
			return nil, errors.New("invalid scheme")
		case HTTP, Kafka:
			c = &conn{scheme: s}
		case Redis:
			c = &conn{scheme: Redis}
		}
		p.conns[endpoint] = c
	}
	p.mu.Unlock()
	return c, nil
}
