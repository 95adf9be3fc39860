// Package gateway fans real-time market data out to websocket clients.
//
// Each connected client owns a session identified by a client-chosen session
// ID. A client that drops and reconnects with the same session ID resumes its
// previous subscriptions on the new connection.
package gateway

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
)

// ErrClosed is returned by Attach after the Gateway has been closed.
var ErrClosed = errors.New("gateway: closed")

// ErrUnknownSession is returned when an operation names a session that is not
// attached.
var ErrUnknownSession = errors.New("gateway: unknown session")

// Conn is the write side of a client connection, usually a websocket.
type Conn interface {
	// WriteMessage writes one text frame.
	WriteMessage(data []byte) error
	// Close closes the underlying connection.
	Close() error
}

// Config configures a Gateway.
type Config struct {
	// SendBuffer is the number of quotes buffered per session before new
	// quotes for that session are dropped. Defaults to 64.
	SendBuffer int
	// MaxSymbols limits the number of symbols a session may subscribe to.
	// Zero means unlimited.
	MaxSymbols int
	// OnDrop is called when a quote is dropped for a slow session.
	OnDrop func(sessionID string, q Quote)
}

// Gateway routes quotes to the sessions subscribed to their symbol.
type Gateway struct {
	cfg Config

	mu       sync.RWMutex
	sessions map[string]*session
	bySymbol map[string]map[*session]struct{}
	closed   bool

	published uint64
	dropped   uint64
}

// New returns a Gateway configured by cfg.
func New(cfg Config) *Gateway {
	if cfg.SendBuffer <= 0 {
		cfg.SendBuffer = 64
	}
	if cfg.OnDrop == nil {
		cfg.OnDrop = func(string, Quote) {}
	}
	return &Gateway{
		cfg:      cfg,
		sessions: make(map[string]*session),
		bySymbol: make(map[string]map[*session]struct{}),
	}
}

// Attach binds conn to the session id and starts writing quotes to it. If the
// session is already attached, the new connection takes it over and inherits
// its subscriptions.
func (g *Gateway) Attach(id string, conn Conn) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return ErrClosed
	}

	s := newSession(id, conn, g.cfg.SendBuffer)
	if old, ok := g.sessions[id]; ok {
		for sym := range old.symbols {
			delete(g.bySymbol[sym], old)
			g.bySymbol[sym][s] = struct{}{}
			s.symbols[sym] = struct{}{}
		}
		close(old.out)
	}
	g.sessions[id] = s
	go s.writeLoop()
	return nil
}

// Detach removes the session and closes its connection once the quotes
// already queued for it have been written.
func (g *Gateway) Detach(id string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	s, ok := g.sessions[id]
	if !ok {
		return fmt.Errorf("detach %q: %w", id, ErrUnknownSession)
	}
	g.removeLocked(s)
	return nil
}

// Subscribe adds symbols to the session's subscriptions.
func (g *Gateway) Subscribe(id string, symbols ...string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	s, ok := g.sessions[id]
	if !ok {
		return fmt.Errorf("subscribe %q: %w", id, ErrUnknownSession)
	}
	if limit := g.cfg.MaxSymbols; limit > 0 && len(s.symbols)+len(symbols) > limit {
		return fmt.Errorf("subscribe %q: would exceed %d symbols", id, limit)
	}
	for _, sym := range symbols {
		sym = strings.ToUpper(sym)
		subs := g.bySymbol[sym]
		if subs == nil {
			subs = make(map[*session]struct{})
			g.bySymbol[sym] = subs
		}
		subs[s] = struct{}{}
		s.symbols[sym] = struct{}{}
	}
	return nil
}

// Unsubscribe removes symbols from the session's subscriptions.
func (g *Gateway) Unsubscribe(id string, symbols ...string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	s, ok := g.sessions[id]
	if !ok {
		return fmt.Errorf("unsubscribe %q: %w", id, ErrUnknownSession)
	}
	for _, sym := range symbols {
		sym = strings.ToUpper(sym)
		g.unsubscribeLocked(s, sym)
	}
	return nil
}

// Publish delivers q to every session subscribed to its symbol. It never
// blocks: sessions whose buffer is full miss the quote.
func (g *Gateway) Publish(q Quote) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	atomic.AddUint64(&g.published, 1)
	for s := range g.bySymbol[q.Symbol] {
		select {
		case s.out <- q:
		default:
			atomic.AddUint64(&g.dropped, 1)
			g.cfg.OnDrop(s.id, q)
		}
	}
}

// Stats reports the number of published and dropped quotes.
func (g *Gateway) Stats() (published, dropped uint64) {
	return atomic.LoadUint64(&g.published), atomic.LoadUint64(&g.dropped)
}

// Close detaches every session. Attach fails after Close.
func (g *Gateway) Close() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return nil
	}
	g.closed = true
	for _, s := range g.sessions {
		g.removeLocked(s)
	}
	return nil
}

func (g *Gateway) removeLocked(s *session) {
	for sym := range s.symbols {
		g.unsubscribeLocked(s, sym)
	}
	delete(g.sessions, s.id)
	close(s.out)
}

func (g *Gateway) unsubscribeLocked(s *session, sym string) {
	delete(s.symbols, sym)
	if subs := g.bySymbol[sym]; subs != nil {
		delete(subs, s)
		if len(subs) == 0 {
			delete(g.bySymbol, sym)
		}
	}
}
