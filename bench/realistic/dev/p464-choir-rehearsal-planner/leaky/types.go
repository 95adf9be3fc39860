package rehearsal

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Section is a voice part of the choir.
type Section string

// Standard SATB sections.
const (
	Soprano Section = "soprano"
	Alto    Section = "alto"
	Tenor   Section = "tenor"
	Bass    Section = "bass"
)

// Contact is a section leader who receives rehearsal notices.
type Contact struct {
	Name  string
	Email string
}

// Piece is a work on the concert programme.
type Piece struct {
	Title    string
	Sections []Section
}

// Slot is a room booking offered by the venue.
type Slot struct {
	Room  string
	Start time.Time
	End   time.Time
}

// Kind distinguishes sectional from full-choir rehearsals.
type Kind string

// Rehearsal kinds.
const (
	Sectional Kind = "sectional"
	Tutti     Kind = "tutti"
	Dress     Kind = "dress"
)

// Rehearsal is one scheduled session.
type Rehearsal struct {
	ID       string
	Kind     Kind
	Slot     Slot
	Sections []Section
	Pieces   []string
}

// Change says what happened to a rehearsal.
type Change string

// Changes announced to section leaders.
const (
	Scheduled Change = "scheduled"
	Cancelled Change = "cancelled"
)

// Notice is sent to the leaders of the sections a rehearsal involves.
type Notice struct {
	Change    Change
	Rehearsal Rehearsal
	Reason    string
}

// Venue lists the rooms the choir can book.
type Venue interface {
	FreeSlots(ctx context.Context, from, to time.Time) ([]Slot, error)
}

// Mailer delivers notices to section leaders.
type Mailer interface {
	Send(ctx context.Context, to Contact, subject, body string) error
}

func render(s Section, to Contact, n Notice) (subject, body string) {
	r := n.Rehearsal
	when := r.Slot.Start.Format("Mon 2 Jan 15:04")
	subject = fmt.Sprintf("[%s] %s rehearsal %s: %s", s, r.Kind, n.Change, when)

	var b strings.Builder
	fmt.Fprintf(&b, "Dear %s,\n\n", to.Name)
	fmt.Fprintf(&b, "The %s rehearsal on %s in %s has been %s.\n", r.Kind, when, r.Slot.Room, n.Change)
	if n.Reason != "" {
		fmt.Fprintf(&b, "Reason: %s\n", n.Reason)
	}
	if len(r.Pieces) > 0 {
		fmt.Fprintf(&b, "Repertoire: %s\n", strings.Join(r.Pieces, "; "))
	}
	return subject, b.String()
}

func sectionsOf(pieces []Piece) []Section {
	seen := make(map[Section]bool)
	var out []Section
	for _, p := range pieces {
		for _, s := range p.Sections {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func piecesFor(s Section, pieces []Piece) []string {
	var out []string
	for _, p := range pieces {
		for _, ps := range p.Sections {
			if ps == s {
				out = append(out, p.Title)
				break
			}
		}
	}
	return out
}
