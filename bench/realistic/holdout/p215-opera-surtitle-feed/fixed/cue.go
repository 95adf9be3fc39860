package surtitles

import (
	"fmt"
	"strings"
)

// Cue is one surtitle as prepared by the translation desk.
type Cue struct {
	Number int
	Act    int
	// Text maps a language code to one or two lines of surtitle.
	Text map[string]string
	// Blank marks a deliberate blackout (overture, dance, long silence).
	Blank bool
}

// Caption is what a single display renders.
type Caption struct {
	Number int
	Act    int
	Lang   string
	Lines  []string
	Blank  bool
}

// caption picks the display's language, falling back to the libretto.
func (c Cue) caption(lang, original string) Caption {
	out := Caption{Number: c.Number, Act: c.Act, Lang: lang, Blank: c.Blank}
	if c.Blank {
		return out
	}
	text, ok := c.Text[lang]
	if !ok || strings.TrimSpace(text) == "" {
		text, out.Lang = c.Text[original], original
	}
	out.Lines = strings.Split(strings.TrimSpace(text), "\n")
	return out
}

func (c Cue) validate(original string) error {
	if c.Number <= 0 {
		return fmt.Errorf("surtitles: cue number must be positive, got %d", c.Number)
	}
	if c.Blank {
		return nil
	}
	if strings.TrimSpace(c.Text[original]) == "" {
		return fmt.Errorf("surtitles: cue %d has no %s text", c.Number, original)
	}
	for lang, t := range c.Text {
		if n := strings.Count(strings.TrimSpace(t), "\n") + 1; n > 2 {
			return fmt.Errorf("surtitles: cue %d (%s) has %d lines, max 2", c.Number, lang, n)
		}
	}
	return nil
}

// Publish puts a cue on every display. A display that has fallen Backlog
// cues behind is dropped so one frozen phone cannot stall the house.
func (f *Feed) Publish(c Cue) error {
	if err := c.validate(f.cfg.Original); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return ErrFeedClosed
	}
	if f.current != nil && c.Number <= f.current.Number {
		return fmt.Errorf("surtitles: cue %d after %d: cues must advance", c.Number, f.current.Number)
	}
	cue := c
	f.current = &cue
	for id, s := range f.subs {
		select {
		case s.cues <- c.caption(s.lang, f.cfg.Original):
		default:
			s.dropped++
			f.evictLocked(id, s)
		}
	}
	return nil
}

func (f *Feed) evictLocked(id string, s *subscriber) {
	delete(f.subs, id)
	close(s.cues)
	f.evicted++
	f.cfg.Logger.Printf("surtitles: %s: dropping display %s (%s), %d cues behind",
		f.cfg.Production, id, s.lang, cap(s.cues))
}

// Stats reports the feed's current audience.
func (f *Feed) Stats() (displays, evicted int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.subs), f.evicted
}
