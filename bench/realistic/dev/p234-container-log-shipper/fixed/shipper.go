// Package shipper tails the logs of the containers running on a host and
// ships them, in batches, to a log sink.
package shipper

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// Container identifies a running container.
type Container struct {
	ID    string
	Name  string
	Image string
}

// Line is one log line of a container.
type Line struct {
	Container string
	Image     string
	Text      string
	Received  time.Time
}

// Runtime is the container runtime API the shipper reads from.
type Runtime interface {
	// Containers lists the running containers.
	Containers(ctx context.Context) ([]Container, error)
	// Logs opens the multiplexed log stream of a container. The stream
	// ends when the container stops.
	Logs(ctx context.Context, id string) (io.ReadCloser, error)
}

// Sink receives batches of log lines.
type Sink interface {
	Ship(ctx context.Context, batch []Line) error
}

// Config configures a Shipper. The zero value of every field selects a
// sensible default.
type Config struct {
	// BatchSize is the number of lines after which a batch is shipped.
	BatchSize int
	// FlushInterval is the longest a line waits before being shipped.
	FlushInterval time.Duration
	// MaxLineBytes is the longest line accepted from a container.
	MaxLineBytes int
	// ShipAttempts is how many times a batch is offered to the sink.
	ShipAttempts int
	// OnError, if set, is told about errors that do not stop the shipper,
	// such as a container whose log stream could not be read.
	OnError func(containerID string, err error)
	// Now returns the current time. Defaults to time.Now.
	Now func() time.Time
}

func (c *Config) setDefaults() {
	if c.BatchSize <= 0 {
		c.BatchSize = 500
	}
	if c.FlushInterval <= 0 {
		c.FlushInterval = 2 * time.Second
	}
	if c.MaxLineBytes <= 0 {
		c.MaxLineBytes = 64 << 10
	}
	if c.ShipAttempts <= 0 {
		c.ShipAttempts = 3
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Shipper tails containers and forwards their output to a Sink.
type Shipper struct {
	rt   Runtime
	sink Sink
	cfg  Config
}

// New returns a Shipper reading from rt and writing to sink.
func New(rt Runtime, sink Sink, cfg Config) *Shipper {
	cfg.setDefaults()
	return &Shipper{rt: rt, sink: sink, cfg: cfg}
}

// Run tails every running container until its log stream ends or ctx is
// done, and ships what it read. It returns once all lines have been handed
// to the sink. Failures of individual containers are reported through
// Config.OnError and do not stop the others.
func (s *Shipper) Run(ctx context.Context) error {
	containers, err := s.rt.Containers(ctx)
	if err != nil {
		return fmt.Errorf("shipper: list containers: %w", err)
	}

	lines := make(chan Line, s.cfg.BatchSize)
	var wg sync.WaitGroup
	for _, c := range containers {
		c := c
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.tail(ctx, c, lines); err != nil && !errors.Is(err, context.Canceled) {
				s.report(c.ID, err)
			}
		}()
	}
	go func() {
		wg.Wait()
		close(lines)
	}()

	return s.batch(ctx, lines)
}

// tail reads the log stream of c line by line and sends the lines to out.
func (s *Shipper) tail(ctx context.Context, c Container, out chan<- Line) error {
	rc, err := s.rt.Logs(ctx, c.ID)
	if err != nil {
		return fmt.Errorf("open log stream of %s: %w", c.Name, err)
	}
	pr, pw := io.Pipe()
	defer pr.Close()
	go demux(pw, rc)

	initial := 4096
	if s.cfg.MaxLineBytes < initial {
		initial = s.cfg.MaxLineBytes
	}
	sc := bufio.NewScanner(pr)
	sc.Buffer(make([]byte, 0, initial), s.cfg.MaxLineBytes)
	for sc.Scan() {
		l := Line{
			Container: c.Name,
			Image:     c.Image,
			Text:      sc.Text(),
			Received:  s.cfg.Now(),
		}
		select {
		case out <- l:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read log stream of %s: %w", c.Name, err)
	}
	return nil
}

// batch collects lines into batches and ships them until lines is closed.
func (s *Shipper) batch(ctx context.Context, lines <-chan Line) error {
	ticker := time.NewTicker(s.cfg.FlushInterval)
	defer ticker.Stop()

	var pending []Line
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		err := s.ship(ctx, pending)
		pending = nil
		return err
	}
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				return flush()
			}
			pending = append(pending, l)
			if len(pending) >= s.cfg.BatchSize {
				if err := flush(); err != nil {
					return err
				}
			}
		case <-ticker.C:
			if err := flush(); err != nil {
				return err
			}
		}
	}
}

// ship offers batch to the sink, retrying transient failures.
func (s *Shipper) ship(ctx context.Context, batch []Line) error {
	var err error
	for attempt := 1; attempt <= s.cfg.ShipAttempts; attempt++ {
		if err = s.sink.Ship(ctx, batch); err == nil {
			return nil
		}
		if ctx.Err() != nil {
			break
		}
	}
	return fmt.Errorf("shipper: ship %d lines: %w", len(batch), err)
}

func (s *Shipper) report(containerID string, err error) {
	if s.cfg.OnError != nil {
		s.cfg.OnError(containerID, err)
	}
}
