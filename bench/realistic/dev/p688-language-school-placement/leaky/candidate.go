package placement

import (
	"errors"
	"fmt"
	"strings"
)

// Level is a CEFR level.
type Level int

// CEFR levels, lowest first.
const (
	A1 Level = iota + 1
	A2
	B1
	B2
	C1
	C2
)

func (l Level) String() string {
	if l < A1 || l > C2 {
		return fmt.Sprintf("Level(%d)", int(l))
	}
	return [...]string{"A1", "A2", "B1", "B2", "C1", "C2"}[l-A1]
}

// Programme is the kind of course a student enrols on.
type Programme string

// Programmes offered by the school.
const (
	General   Programme = "general"
	Intensive Programme = "intensive"
	Exam      Programme = "exam"
)

// Candidate is a prospective student with their placement test answers.
type Candidate struct {
	ID        string
	Name      string
	Programme Programme

	GrammarCorrect   int // out of GrammarItems
	ListeningCorrect int // out of ListeningItems
	Essay            string
}

// Section sizes of the placement test.
const (
	GrammarItems   = 60
	ListeningItems = 30
)

// ErrIncomplete is returned for candidates whose test cannot be scored.
var ErrIncomplete = errors.New("placement: incomplete test")

// Validate checks that the test was sat in full.
func (c Candidate) Validate() error {
	var missing []string
	if c.ID == "" {
		missing = append(missing, "id")
	}
	switch c.Programme {
	case General, Intensive, Exam:
	default:
		missing = append(missing, "programme")
	}
	if c.GrammarCorrect < 0 || c.GrammarCorrect > GrammarItems {
		missing = append(missing, "grammar")
	}
	if c.ListeningCorrect < 0 || c.ListeningCorrect > ListeningItems {
		missing = append(missing, "listening")
	}
	if len(strings.Fields(c.Essay)) < 40 {
		missing = append(missing, "essay")
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: candidate %q: %s", ErrIncomplete, c.ID, strings.Join(missing, ", "))
	}
	return nil
}

// composite weighs the three sections into a score out of 100. The essay
// band is on the usual 0-9 scale.
func composite(c Candidate, essayBand float64) float64 {
	grammar := float64(c.GrammarCorrect) / GrammarItems
	listening := float64(c.ListeningCorrect) / ListeningItems
	essay := essayBand / 9
	return 100 * (0.4*grammar + 0.3*listening + 0.3*essay)
}

// levelFor maps a composite score onto a level.
func levelFor(score float64) Level {
	switch {
	case score >= 88:
		return C2
	case score >= 75:
		return C1
	case score >= 60:
		return B2
	case score >= 45:
		return B1
	case score >= 28:
		return A2
	default:
		return A1
	}
}
