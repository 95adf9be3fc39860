package fitting

import (
	"context"
	"time"
)

const dayLayout = "Mon 2006-01-02"

func (s *Scheduler) closedOn(wd time.Weekday) bool {
	for _, c := range s.cfg.ClosedDays {
		if c == wd {
			return true
		}
	}
	return false
}

// workdayBusy returns the taken intervals of a day, lunch break included.
func (s *Scheduler) workdayBusy(ctx context.Context, tailor string, day time.Time) ([]Interval, error) {
	busy, err := s.cal.Busy(ctx, tailor, day)
	if err != nil {
		return nil, err
	}
	if s.cfg.LunchLength > 0 {
		lunch := day.Add(s.cfg.LunchStart)
		busy = append(busy, Interval{Start: lunch, End: lunch.Add(s.cfg.LunchLength)})
	}
	return busy, nil
}

// openSlots streams the free slots of the given length for tailor, in
// chronological order, starting no earlier than from. The channel is closed
// once the booking horizon has been walked.
func (s *Scheduler) openSlots(ctx context.Context, tailor string, from time.Time, length time.Duration) <-chan Slot {
	out := make(chan Slot)
	go func() {
		defer close(out)
		from = from.In(s.cfg.Location)
		y, m, d := from.Date()
		first := time.Date(y, m, d, 0, 0, 0, 0, s.cfg.Location)

		for i := 0; i < s.cfg.HorizonDays; i++ {
			day := first.AddDate(0, 0, i)
			if s.closedOn(day.Weekday()) {
				continue
			}
			busy, err := s.workdayBusy(ctx, tailor, day)
			if err != nil {
				s.log.Printf("fitting: calendar of %s on %s: %v", tailor, day.Format(dayLayout), err)
				if ctx.Err() != nil {
					return
				}
				continue
			}
			opens, closes := day.Add(s.cfg.Opens), day.Add(s.cfg.Closes)
			for t := opens; !t.Add(length).After(closes); t = t.Add(s.cfg.Step) {
				if t.Before(from) {
					continue
				}
				slot := Slot{Tailor: tailor, Interval: Interval{Start: t, End: t.Add(length)}}
				if slot.overlapsAny(busy) {
					continue
				}
				out <- slot // leak: Book stops reading once a slot is reserved
			}
		}
	}()
	return out
}
