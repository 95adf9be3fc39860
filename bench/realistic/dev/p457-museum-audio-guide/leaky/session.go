package audioguide

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Outcome describes how the narration for one exhibit ended.
type Outcome int

// Exhibit outcomes.
const (
	OutcomeCompleted Outcome = iota + 1
	OutcomeSkipped
	OutcomeStopped
	OutcomeUnavailable
)

func (o Outcome) String() string {
	switch o {
	case OutcomeCompleted:
		return "completed"
	case OutcomeSkipped:
		return "skipped"
	case OutcomeStopped:
		return "stopped"
	case OutcomeUnavailable:
		return "unavailable"
	}
	return fmt.Sprintf("outcome(%d)", int(o))
}

// ExhibitResult records what a visitor heard at one exhibit.
type ExhibitResult struct {
	ExhibitID string
	Lang      string
	Chunks    int
	Outcome   Outcome
}

// Report summarises a tour for the visitor analytics dashboard.
type Report struct {
	Handset string
	Results []ExhibitResult
}

// Session is one visitor's walk through a tour on one handset.
type Session struct {
	g       *Guide
	handset Handset
	lang    string
	paused  bool
}

// NewSession starts a session for the visitor holding h, who asked for
// narration in lang.
func (g *Guide) NewSession(h Handset, lang string) *Session {
	return &Session{g: g, handset: h, lang: lang}
}

// PlayTour plays the narration of each exhibit in order until the tour ends,
// the visitor presses stop, or ctx is done.
func (s *Session) PlayTour(ctx context.Context, exhibits []string) (Report, error) {
	rep := Report{Handset: s.handset.ID()}
	for _, id := range exhibits {
		res, err := s.playExhibit(ctx, id)
		rep.Results = append(rep.Results, res)
		if err != nil {
			return rep, err
		}
		if res.Outcome == OutcomeStopped {
			s.g.log.Printf("handset %s: tour stopped at %s", rep.Handset, id)
			break
		}
	}
	return rep, nil
}

func (s *Session) playExhibit(ctx context.Context, exhibitID string) (ExhibitResult, error) {
	res := ExhibitResult{ExhibitID: exhibitID}
	tr, lang, err := s.g.openTrack(ctx, exhibitID, s.lang)
	if errors.Is(err, ErrNoNarration) {
		res.Outcome = OutcomeUnavailable
		return res, nil
	}
	if err != nil {
		return res, fmt.Errorf("open narration for %s: %w", exhibitID, err)
	}
	res.Lang = lang

	packets := stream(ctx, tr, exhibitID, lang, s.g.log)
	buttons := s.handset.Buttons()
	for {
		select {
		case b := <-buttons:
			if o, done := s.press(b); done {
				res.Outcome = o
				return res, nil
			}
			continue
		default:
		}

		if s.paused {
			select {
			case b := <-buttons:
				if o, done := s.press(b); done {
					res.Outcome = o
					return res, nil
				}
			case <-time.After(s.g.pauseLimit):
				s.g.log.Printf("handset %s: paused too long at %s", s.handset.ID(), exhibitID)
				res.Outcome = OutcomeStopped
				return res, nil
			case <-ctx.Done():
				return res, ctx.Err()
			}
			continue
		}

		select {
		case p, ok := <-packets:
			if !ok {
				res.Outcome = OutcomeCompleted
				return res, nil
			}
			if p.err != nil {
				return res, p.err
			}
			if err := s.play(ctx, p.chunk); err != nil {
				return res, err
			}
			res.Chunks++
		case b := <-buttons:
			if o, done := s.press(b); done {
				res.Outcome = o
				return res, nil
			}
		case <-ctx.Done():
			return res, ctx.Err()
		}
	}
}

// press applies a keypad button. It reports whether narration of the
// current exhibit is over and, if so, with which outcome.
func (s *Session) press(b Button) (Outcome, bool) {
	switch b {
	case ButtonSkip:
		s.paused = false
		return OutcomeSkipped, true
	case ButtonStop:
		return OutcomeStopped, true
	case ButtonPause:
		s.paused = true
	case ButtonResume:
		s.paused = false
	default:
		s.g.log.Printf("handset %s: ignoring %v", s.handset.ID(), b)
	}
	return 0, false
}

func (s *Session) play(ctx context.Context, c Chunk) error {
	ctx, cancel := context.WithTimeout(ctx, s.g.chunkTimeout)
	defer cancel()
	if err := s.handset.Play(ctx, c); err != nil {
		return fmt.Errorf("handset %s: play %s#%d: %w", s.handset.ID(), c.ExhibitID, c.Seq, err)
	}
	return nil
}
