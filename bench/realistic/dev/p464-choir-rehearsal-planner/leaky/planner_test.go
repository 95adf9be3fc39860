package rehearsal

import (
	"context"
	"io"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type churchHall struct{ slots []Slot }

func (h churchHall) FreeSlots(ctx context.Context, from, to time.Time) ([]Slot, error) {
	var out []Slot
	for _, s := range h.slots {
		if !s.Start.Before(from) && s.End.Before(to) {
			out = append(out, s)
		}
	}
	return out, nil
}

type sentMail struct {
	to      Contact
	subject string
	body    string
}

type outbox struct {
	mu   sync.Mutex
	sent []sentMail
}

func (o *outbox) Send(ctx context.Context, to Contact, subject, body string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, sentMail{to, subject, body})
	return nil
}

func (o *outbox) count() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.sent)
}

func (o *outbox) to(name string) []sentMail {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []sentMail
	for _, m := range o.sent {
		if m.to.Name == name {
			out = append(out, m)
		}
	}
	return out
}

func (o *outbox) waitFor(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for o.count() < n {
		if time.Now().After(deadline) {
			t.Fatalf("outbox has %d mails, want %d", o.count(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestSpringConcertSeason(t *testing.T) {
	defer goleak.VerifyNone(t)

	concert := time.Date(2024, 4, 20, 19, 30, 0, 0, time.UTC)
	var hall churchHall
	for d := concert.AddDate(0, 0, -32); d.Before(concert); d = d.AddDate(0, 0, 7) {
		start := time.Date(d.Year(), d.Month(), d.Day(), 19, 0, 0, 0, time.UTC)
		hall.slots = append(hall.slots, Slot{Room: "parish hall", Start: start, End: start.Add(2 * time.Hour)})
	}
	dress := time.Date(2024, 4, 20, 14, 0, 0, 0, time.UTC)
	hall.slots = append(hall.slots, Slot{Room: "nave", Start: dress, End: dress.Add(3 * time.Hour)})

	mail := &outbox{}
	p, err := New(Config{Concert: concert, TuttiCount: 2, Logger: log.New(io.Discard, "", 0)}, hall, mail)
	if err != nil {
		t.Fatal(err)
	}
	leaders := map[Section]Contact{
		Soprano: {Name: "Hanna", Email: "hanna@choir.example"},
		Alto:    {Name: "Grace", Email: "grace@choir.example"},
		Tenor:   {Name: "Ravi", Email: "ravi@choir.example"},
		Bass:    {Name: "Otto", Email: "otto@choir.example"},
	}
	for s, c := range leaders {
		if err := p.SetLeader(s, c); err != nil {
			t.Fatal(err)
		}
	}

	plan, err := p.Plan(context.Background(), []Piece{
		{Title: "Requiem in D minor", Sections: []Section{Soprano, Alto, Tenor, Bass}},
		{Title: "Ave Maria", Sections: []Section{Soprano, Alto}},
		{Title: "Geistliches Lied", Sections: []Section{Soprano, Alto, Tenor, Bass}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan) != 6 {
		t.Fatalf("plan has %d rehearsals, want 6", len(plan))
	}
	if last := plan[len(plan)-1]; last.Kind != Dress || last.Slot.Room != "nave" {
		t.Fatalf("last rehearsal %+v, want dress rehearsal in the nave", last)
	}
	want := 0
	for _, r := range plan {
		want += len(r.Sections)
	}
	mail.waitFor(t, want)

	// Ravi hands the tenors over to Jun before the first full rehearsal.
	if err := p.SetLeader(Tenor, Contact{Name: "Jun", Email: "jun@choir.example"}); err != nil {
		t.Fatal(err)
	}
	tutti := plan[len(plan)-2]
	if err := p.Cancel(tutti.ID, "hall booked for a funeral"); err != nil {
		t.Fatal(err)
	}
	want += len(tutti.Sections)
	mail.waitFor(t, want)

	got := mail.to("Jun")
	if len(got) != 1 || !strings.Contains(got[0].subject, "cancelled") {
		t.Fatalf("Jun got %+v, want one cancellation", got)
	}
	for _, m := range mail.to("Ravi") {
		if strings.Contains(m.subject, "cancelled") {
			t.Fatalf("cancellation still sent to former leader: %s", m.subject)
		}
	}
	if n := len(mail.to("Grace")); n != 4 {
		t.Errorf("Grace got %d mails, want 4", n)
	}

	p.Close()
}
