package mailer

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// worker delivers messages from the outbox until the sender shuts down and the
// outbox is empty.
func (s *Sender) worker() {
	for {
		s.mu.Lock()
		for len(s.outbox) == 0 && !s.closing {
			s.work.Wait() // leak: Shutdown wakes only one idle worker, so the others sleep here forever
		}
		if len(s.outbox) == 0 {
			s.mu.Unlock()
			return
		}
		m := s.outbox[0]
		s.outbox = s.outbox[1:]
		s.inflight++
		s.mu.Unlock()

		if err := s.deliver(m); err != nil {
			s.onError(m, err)
		}

		s.mu.Lock()
		s.inflight--
		s.idle.Broadcast()
		s.mu.Unlock()
	}
}

// deliver sends m, waiting for the rate limiter before each attempt and
// retrying errors that say they are temporary.
func (s *Sender) deliver(m Message) error {
	var err error
	for attempt := 0; attempt <= s.retries; attempt++ {
		if attempt > 0 {
			time.Sleep(s.backoff * time.Duration(attempt))
		}
		<-s.limiter.C
		ctx, cancel := context.WithTimeout(context.Background(), s.sendTimeout)
		err = s.transport.Send(ctx, m)
		cancel()
		if err == nil || !isTemporary(err) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("mailer: send %q to %s: %w", m.Subject, strings.Join(m.To, ", "), err)
	}
	return nil
}

func isTemporary(err error) bool {
	var t interface{ Temporary() bool }
	return errors.As(err, &t) && t.Temporary()
}
