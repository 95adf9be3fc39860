package shiftplan

import (
	"context"
	"fmt"
	"time"
)

// Clock abstracts time so that reminder scheduling can be simulated.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) Ticker
}

// Ticker is the subset of *time.Ticker the planner uses.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) NewTicker(d time.Duration) Ticker { return realTicker{time.NewTicker(d)} }

type realTicker struct{ t *time.Ticker }

func (r realTicker) C() <-chan time.Time { return r.t.C }
func (r realTicker) Stop()               { r.t.Stop() }

func (p *Planner) reminderLoop() {
	t := p.clock.NewTicker(p.cfg.CheckInterval)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case now := <-t.C():
			msgs := p.dueReminders(now)
			if len(msgs) == 0 {
				continue
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			sent := 0
			for _, m := range msgs {
				if err := p.notifier.Send(ctx, m); err != nil {
					p.log.Printf("shiftplan: reminder to %s failed: %v", m.To, err)
					continue
				}
				sent++
			}
			cancel()
			p.log.Printf("shiftplan: sent %d/%d reminders", sent, len(msgs))
		}
	}
}

func (p *Planner) dueReminders(now time.Time) []Message {
	p.mu.Lock()
	defer p.mu.Unlock()

	var due []*Shift
	for _, sh := range p.shifts {
		if sh.reminded || len(sh.assigned) == 0 {
			continue
		}
		until := sh.Start.Sub(now)
		if until > 0 && until <= p.cfg.ReminderLead {
			due = append(due, sh)
		}
	}

	var msgs []Message
	for _, sh := range due {
		sh.reminded = true
		for _, id := range sh.assigned {
			v := p.volunteers[id]
			if v == nil {
				continue
			}
			msgs = append(msgs, Message{
				To:      v.Contact,
				Subject: fmt.Sprintf("Reminder: %s shift at %s", sh.Station, sh.Start.Format("Mon 15:04")),
				Body: fmt.Sprintf("Hi %s, you are on the %s shift from %s to %s.",
					v.Name, sh.Station, sh.Start.Format("15:04"), sh.End.Format("15:04")),
			})
		}
	}
	return msgs
}
