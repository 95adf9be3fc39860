// Package chatbot routes chat commands such as "!deploy api" to registered
// handlers, runs them on a small worker pool and posts their answers back.
package chatbot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// Message is an incoming chat line.
type Message struct {
	Channel string
	User    string
	Text    string
}

// Reply is an answer to be posted to a channel.
type Reply struct {
	Channel string
	Text    string
}

// Poster delivers replies to the chat service.
type Poster interface {
	Post(ctx context.Context, r Reply) error
}

// HandlerFunc answers one command. args excludes the command name.
type HandlerFunc func(ctx context.Context, m Message, args []string) (string, error)

// Option configures a Bot.
type Option func(*Bot)

// WithWorkers sets how many commands run at once.
func WithWorkers(n int) Option { return func(b *Bot) { b.workers = n } }

// WithPrefix sets the command prefix (default "!").
func WithPrefix(p string) Option { return func(b *Bot) { b.prefix = p } }

// WithErrorHandler receives handler and posting errors.
func WithErrorHandler(f func(error)) Option { return func(b *Bot) { b.onError = f } }

// ErrStopped is returned by Deliver after Stop.
var ErrStopped = errors.New("chatbot: stopped")

// Bot dispatches commands.
type Bot struct {
	prefix  string
	workers int
	poster  Poster
	onError func(error)

	mu       sync.RWMutex
	handlers map[string]HandlerFunc
	stopped  bool

	inbox   chan Message
	replies chan Reply
	wg      sync.WaitGroup
}

// New returns a Bot that posts through p. Call Start before delivering messages.
func New(p Poster, opts ...Option) *Bot {
	b := &Bot{
		prefix:   "!",
		workers:  4,
		poster:   p,
		onError:  func(error) {},
		handlers: make(map[string]HandlerFunc),
	}
	for _, o := range opts {
		o(b)
	}
	b.inbox = make(chan Message, b.workers)
	b.replies = make(chan Reply, b.workers)
	return b
}

// Handle registers h for the command name.
func (b *Bot) Handle(name string, h HandlerFunc) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.handlers[strings.ToLower(name)] = h
}

// Start launches the worker pool and the poster.
func (b *Bot) Start(ctx context.Context) {
	for i := 0; i < b.workers; i++ {
		b.wg.Add(1)
		go b.work(ctx)
	}
	go b.postReplies(ctx)
}

// Deliver hands a message to the bot. Messages that are not commands are ignored.
func (b *Bot) Deliver(ctx context.Context, m Message) error {
	if !strings.HasPrefix(m.Text, b.prefix) {
		return nil
	}
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.stopped {
		return ErrStopped
	}
	select {
	case b.inbox <- m:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("chatbot: deliver: %w", ctx.Err())
	}
}

// Stop stops accepting messages and waits for running commands to finish.
func (b *Bot) Stop() {
	b.mu.Lock()
	if b.stopped {
		b.mu.Unlock()
		return
	}
	b.stopped = true
	close(b.inbox)
	b.mu.Unlock()
	b.wg.Wait()
	close(b.replies)
}
