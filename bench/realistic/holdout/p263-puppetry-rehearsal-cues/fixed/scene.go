package cues

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Dept is the department that executes a cue.
type Dept string

// Departments on the prompt desk.
const (
	Lighting Dept = "LX"
	Sound    Dept = "SND"
	Puppets  Dept = "PUP"
	Fly      Dept = "FLY"
)

// Cue is one numbered cue in the prompt book.
type Cue struct {
	Number   string   // e.g. "PUP12", "LX4.5"
	Dept     Dept     // department calling the cue
	Stations []string // stations that must execute it
	Note     string   // what happens, as written in the book
}

// Role puts a puppeteer on a station for a scene.
type Role struct {
	Station   string // e.g. "sl-rod", "bridge", "lx-desk"
	Puppeteer string
	Puppet    string
}

// Scene is a block of the show with its own casting and cues.
type Scene struct {
	Name string
	Cast []Role
	Cues []Cue
}

// ErrInvalidScene wraps every scene validation failure.
var ErrInvalidScene = errors.New("cues: invalid scene")

// Validate checks that stations are cast once, cue numbers are unique and
// every cue goes only to stations cast in the scene.
func (s Scene) Validate() error {
	if s.Name == "" {
		return fmt.Errorf("%w: unnamed scene", ErrInvalidScene)
	}
	cast := make(map[string]string, len(s.Cast))
	for _, r := range s.Cast {
		if r.Station == "" || r.Puppeteer == "" {
			return fmt.Errorf("%w: %s: role without station or puppeteer", ErrInvalidScene, s.Name)
		}
		if other, dup := cast[r.Station]; dup {
			return fmt.Errorf("%w: %s: station %s cast to both %s and %s",
				ErrInvalidScene, s.Name, r.Station, other, r.Puppeteer)
		}
		cast[r.Station] = r.Puppeteer
	}
	seen := make(map[string]bool, len(s.Cues))
	for _, c := range s.Cues {
		if seen[c.Number] {
			return fmt.Errorf("%w: %s: cue %s numbered twice", ErrInvalidScene, s.Name, c.Number)
		}
		seen[c.Number] = true
		if len(c.Stations) == 0 {
			return fmt.Errorf("%w: %s: cue %s has no stations", ErrInvalidScene, s.Name, c.Number)
		}
		for _, st := range c.Stations {
			if _, ok := cast[st]; !ok {
				return fmt.Errorf("%w: %s: cue %s goes to uncast station %s",
					ErrInvalidScene, s.Name, c.Number, st)
			}
		}
	}
	return nil
}

// CueError reports the stations that did not execute a cue.
type CueError struct {
	Number string
	Failed map[string]error
}

func (e *CueError) Error() string {
	stations := make([]string, 0, len(e.Failed))
	for st := range e.Failed {
		stations = append(stations, st)
	}
	sort.Strings(stations)
	parts := make([]string, len(stations))
	for i, st := range stations {
		parts[i] = fmt.Sprintf("%s: %v", st, e.Failed[st])
	}
	return fmt.Sprintf("cue %s not taken by %s", e.Number, strings.Join(parts, "; "))
}
