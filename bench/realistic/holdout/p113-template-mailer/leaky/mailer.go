// Package mailer renders localized email templates and delivers the
// resulting messages through a pool of send workers.
package mailer

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// Transport delivers a single message, for example over SMTP or an email
// provider's HTTP API.
type Transport interface {
	Send(ctx context.Context, m *Message) error
}

// Recipient is one addressee of a campaign.
type Recipient struct {
	Address string
	Locale  string
}

// Message is a fully rendered email ready to be handed to a Transport.
type Message struct {
	CampaignID string
	From       string
	To         string
	Locale     string
	Subject    string
	Body       string
}

// Campaign describes one template sent to many recipients.
type Campaign struct {
	ID         string
	Template   string
	Data       map[string]any
	Recipients []Recipient
}

// Config configures a Mailer.
type Config struct {
	// From is the sender address of every message.
	From string
	// DefaultLocale is used for recipients without a locale and as the
	// fallback when a localized template is missing. Defaults to "en".
	DefaultLocale string
	// Workers is the number of concurrent send workers. Defaults to 4.
	Workers int
	// QueueSize bounds the number of rendered messages waiting for a
	// worker. Defaults to 256.
	QueueSize int
	// OnError is called for every message that could not be queued or sent.
	OnError func(m *Message, err error)
	// OnQueueFull is called whenever a producer has to wait for queue
	// space. It is meant for metrics and must not block.
	OnQueueFull func()
}

func (c *Config) setDefaults() {
	if c.DefaultLocale == "" {
		c.DefaultLocale = "en"
	}
	if c.Workers <= 0 {
		c.Workers = 4
	}
	if c.QueueSize <= 0 {
		c.QueueSize = 256
	}
	if c.OnError == nil {
		c.OnError = func(*Message, error) {}
	}
}

// Mailer renders campaigns and sends them in the background.
type Mailer struct {
	cfg      Config
	renderer *Renderer
	tr       Transport
	queue    *sendQueue

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	once   sync.Once
}

// New starts a Mailer with cfg.Workers send workers. Call Close to stop it.
func New(cfg Config, src TemplateSource, tr Transport) *Mailer {
	cfg.setDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	m := &Mailer{
		cfg:      cfg,
		renderer: NewRenderer(src, cfg.DefaultLocale),
		tr:       tr,
		queue:    newSendQueue(cfg.QueueSize, cfg.OnQueueFull),
		ctx:      ctx,
		cancel:   cancel,
	}
	m.wg.Add(cfg.Workers)
	for i := 0; i < cfg.Workers; i++ {
		go m.worker()
	}
	return m
}

// Broadcast validates c, then renders and queues its messages in the
// background. Rendering and delivery failures are reported to
// Config.OnError; Broadcast itself only returns validation errors.
func (m *Mailer) Broadcast(ctx context.Context, c Campaign) error {
	if c.Template == "" {
		return errors.New("mailer: campaign has no template")
	}
	go m.run(ctx, c)
	return nil
}

func (m *Mailer) run(ctx context.Context, c Campaign) {
	locales := distinctLocales(c.Recipients, m.cfg.DefaultLocale)
	rendered, err := m.renderer.RenderLocales(ctx, c.Template, locales, c.Data)
	if err != nil {
		m.cfg.OnError(&Message{CampaignID: c.ID}, fmt.Errorf("campaign %s: %w", c.ID, err))
		return
	}

	for _, rc := range c.Recipients {
		r := rendered[localeOf(rc, m.cfg.DefaultLocale)]
		msg := &Message{
			CampaignID: c.ID,
			From:       m.cfg.From,
			To:         rc.Address,
			Locale:     r.Locale,
			Subject:    r.Subject,
			Body:       r.Body,
		}
		if err := m.queue.put(msg); err != nil {
			m.cfg.OnError(msg, fmt.Errorf("campaign %s: queue message: %w", c.ID, err))
			return
		}
	}
}

func (m *Mailer) worker() {
	defer m.wg.Done()
	for {
		msg, ok := m.queue.get()
		if !ok {
			return
		}
		if err := m.tr.Send(m.ctx, msg); err != nil {
			m.cfg.OnError(msg, fmt.Errorf("send to %s: %w", msg.To, err))
		}
	}
}

// Close stops the Mailer. Messages still queued are reported to
// Config.OnError with ErrClosed, in-flight sends are cancelled, and Close
// waits for the workers to exit.
func (m *Mailer) Close() error {
	m.once.Do(func() {
		for _, msg := range m.queue.close() {
			m.cfg.OnError(msg, ErrClosed)
		}
		m.cancel()
		m.wg.Wait()
	})
	return nil
}

func localeOf(rc Recipient, def string) string {
	if rc.Locale == "" {
		return def
	}
	return rc.Locale
}

// distinctLocales returns the locales used by rcpts in order of first use.
func distinctLocales(rcpts []Recipient, def string) []string {
	var out []string
	seen := make(map[string]bool)
	for _, rc := range rcpts {
		if loc := localeOf(rc, def); !seen[loc] {
			seen[loc] = true
			out = append(out, loc)
		}
	}
	return out
}
