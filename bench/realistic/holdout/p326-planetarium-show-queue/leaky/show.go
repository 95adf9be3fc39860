package showqueue

import (
	"errors"
	"fmt"
	"time"
)

// Format is the projection format a show needs.
type Format int

// Projection formats.
const (
	FormatFulldome Format = iota + 1
	FormatLaser
	FormatLiveSky
)

func (f Format) String() string {
	switch f {
	case FormatFulldome:
		return "fulldome"
	case FormatLaser:
		return "laser"
	case FormatLiveSky:
		return "live-sky"
	}
	return fmt.Sprintf("format(%d)", int(f))
}

// Show is one scheduled screening.
type Show struct {
	ID      string
	Title   string
	Format  Format
	Seats   int // tickets sold
	Starts  time.Time
	Runtime time.Duration
}

func (s Show) validate() error {
	switch {
	case s.ID == "":
		return errors.New("showqueue: show has no id")
	case s.Format < FormatFulldome || s.Format > FormatLiveSky:
		return fmt.Errorf("showqueue: show %s has unknown format %v", s.ID, s.Format)
	case s.Seats < 0:
		return fmt.Errorf("showqueue: show %s has negative seat count", s.ID)
	case s.Runtime <= 0:
		return fmt.Errorf("showqueue: show %s has no runtime", s.ID)
	}
	return nil
}

// DomeSpec describes one dome theatre and what it can project.
type DomeSpec struct {
	Name    string
	Seats   int
	Formats []Format
}

func (d DomeSpec) canPlay(s Show) bool {
	if s.Seats > d.Seats {
		return false
	}
	for _, f := range d.Formats {
		if f == s.Format {
			return true
		}
	}
	return false
}

func (d DomeSpec) validate() error {
	if d.Name == "" {
		return errors.New("showqueue: dome has no name")
	}
	if d.Seats <= 0 {
		return fmt.Errorf("showqueue: dome %s has no seats", d.Name)
	}
	if len(d.Formats) == 0 {
		return fmt.Errorf("showqueue: dome %s supports no formats", d.Name)
	}
	return nil
}

// insertByStart keeps the pending list ordered by start time, stable for
// shows starting at the same moment.
func insertByStart(list []Show, s Show) []Show {
	i := len(list)
	for i > 0 && list[i-1].Starts.After(s.Starts) {
		i--
	}
	list = append(list, Show{})
	copy(list[i+1:], list[i:])
	list[i] = s
	return list
}
