package scoresync

import (
	"fmt"
)

type stand struct {
	part    *Part
	display Display
	page    int
	errors  int
}

// StandStatus describes what a stand is currently showing.
type StandStatus struct {
	Part     string
	Page     int
	Errors   int
	Attached bool
}

// Attach puts a tablet for part under control of the session. The tablet
// follows the conductor until the session ends or the tablet keeps failing.
func (s *Session) Attach(partName string, d Display) error {
	part, ok := s.score.Parts[partName]
	if !ok {
		return fmt.Errorf("scoresync: unknown part %q", partName)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return fmt.Errorf("scoresync: session over, cannot attach %q", partName)
	}
	if _, dup := s.stands[partName]; dup {
		return fmt.Errorf("scoresync: part %q already attached", partName)
	}
	st := &stand{part: part, display: d}
	s.stands[partName] = st
	go s.follow(st)
	return nil
}

// Stands reports the state of every attached stand.
func (s *Session) Stands() []StandStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]StandStatus, 0, len(s.stands))
	for name, st := range s.stands {
		out = append(out, StandStatus{Part: name, Page: st.page, Errors: st.errors, Attached: st.errors < s.maxErr})
	}
	return out
}

func (s *Session) follow(st *stand) {
	var seen uint64
	for {
		cue, rev, ok := s.next(seen)
		if !ok {
			if err := st.display.Dim(); err != nil {
				s.log.Printf("scoresync: %s: dim: %v", st.part.Name, err)
			}
			return
		}
		seen = rev
		page := s.score.PageAt(st.part, cue.Position, s.lead)
		if page == s.shownPage(st) {
			continue
		}
		if err := st.display.ShowPage(st.part.Name, page); err != nil {
			if s.recordError(st) {
				s.log.Printf("scoresync: %s: giving up on display: %v", st.part.Name, err)
				return
			}
			continue
		}
		s.mu.Lock()
		st.page = page
		st.errors = 0
		s.mu.Unlock()
	}
}

func (s *Session) shownPage(st *stand) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return st.page
}

func (s *Session) recordError(st *stand) (detach bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st.errors++
	return st.errors >= s.maxErr
}
