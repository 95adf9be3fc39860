package racetiming

import (
	"errors"
	"fmt"
	"log"
	"time"
)

// Announcement is a line for the course commentary and the results feed.
type Announcement struct {
	Race   string
	Cloth  int
	Status Status
	Text   string
}

// Publisher sends announcements to the public feed.
type Publisher interface {
	Publish(Announcement) error
}

// Announcer publishes each runner's outcome as soon as it is known.
type Announcer struct {
	race   *Race
	pub    Publisher
	logger *log.Logger
}

// AnnouncerOption configures an Announcer.
type AnnouncerOption func(*Announcer)

// WithLogger sets where publishing failures are reported.
func WithLogger(l *log.Logger) AnnouncerOption {
	return func(a *Announcer) { a.logger = l }
}

// NewAnnouncer returns an Announcer for race.
func NewAnnouncer(race *Race, pub Publisher, opts ...AnnouncerOption) *Announcer {
	a := &Announcer{race: race, pub: pub, logger: log.Default()}
	for _, o := range opts {
		o(a)
	}
	return a
}

// Watch starts following every runner in the race. Each outcome is
// published once, from its own goroutine, so a slow finish never holds
// up the announcement of a faster one.
func (a *Announcer) Watch() {
	for _, rn := range a.race.Runners() {
		go a.follow(rn.Cloth)
	}
}

func (a *Announcer) follow(cloth int) {
	res, err := a.race.Await(cloth)
	if errors.Is(err, ErrVoided) {
		return
	}
	if err != nil {
		a.logger.Printf("racetiming: %s: runner %d: %v", a.race.Name, cloth, err)
		return
	}
	ann := Announcement{Race: a.race.Name, Cloth: cloth, Status: res.Status, Text: describe(res)}
	if err := a.pub.Publish(ann); err != nil {
		a.logger.Printf("racetiming: %s: publish runner %d: %v", a.race.Name, cloth, err)
	}
}

func describe(res Result) string {
	switch res.Status {
	case Finished:
		return fmt.Sprintf("%s %d: %s (%s) in %s", ordinal(res.Position), res.Cloth, res.Horse, res.Jockey, formatTime(res.Time))
	case PulledUp:
		last := "before the first gate"
		if n := len(res.Splits); n > 0 {
			last = "after " + res.Splits[n-1].Gate
		}
		return fmt.Sprintf("%d: %s (%s) pulled up %s", res.Cloth, res.Horse, res.Jockey, last)
	}
	return fmt.Sprintf("%d: %s %v", res.Cloth, res.Horse, res.Status)
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

// formatTime renders a race time the way the racecourse board does: m:ss.hh
func formatTime(d time.Duration) string {
	d = d.Round(10 * time.Millisecond)
	m := d / time.Minute
	d -= m * time.Minute
	s := d / time.Second
	d -= s * time.Second
	return fmt.Sprintf("%d:%02d.%02d", m, s, d/(10*time.Millisecond))
}
