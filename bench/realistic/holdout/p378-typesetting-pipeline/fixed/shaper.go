package typeset

import (
	"errors"
	"fmt"
	"sync"
	"unicode/utf8"
)

// Font selects a face and size for shaping.
type Font struct {
	Family string
	Size   float64 // points
}

func (f Font) String() string { return fmt.Sprintf("%s %.1fpt", f.Family, f.Size) }

// Shaper opens shaping sessions for a font. A session typically owns a
// loaded font file and glyph cache, so it must be closed when done.
type Shaper interface {
	Open(font Font) (Session, error)
}

// Session measures text set in one font. Implementations must be safe for
// concurrent use.
type Session interface {
	// Advance returns the horizontal advance of s in points.
	Advance(s string) (float64, error)
	Close() error
}

// ErrSessionClosed is returned by a session used after Close.
var ErrSessionClosed = errors.New("typeset: shaping session closed")

// MonospaceShaper is a Shaper in which every rune has the same advance,
// a fixed fraction of the font size. It is used for proofs and tests.
type MonospaceShaper struct {
	// Ratio is the advance of one rune as a fraction of the font size.
	Ratio float64
}

// Open implements Shaper.
func (m MonospaceShaper) Open(font Font) (Session, error) {
	if font.Size <= 0 {
		return nil, fmt.Errorf("typeset: invalid font size %v", font.Size)
	}
	ratio := m.Ratio
	if ratio <= 0 {
		ratio = 0.6
	}
	return &monoSession{advance: font.Size * ratio}, nil
}

type monoSession struct {
	advance float64

	mu     sync.Mutex
	closed bool
}

func (s *monoSession) Advance(text string) (float64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, ErrSessionClosed
	}
	return float64(utf8.RuneCountInString(text)) * s.advance, nil
}

func (s *monoSession) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}
