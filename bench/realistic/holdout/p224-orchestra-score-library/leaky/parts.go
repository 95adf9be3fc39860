package scorelib

import (
	"errors"
	"fmt"
	"strings"
)

// Note is a pitch (MIDI number, 60 = middle C) with a duration in beats.
// Rests have Pitch 0.
type Note struct {
	Pitch    int
	Beats    float64
	Measure  int
	Dynamics string
}

// Score is a full score in concert pitch, one staff per section.
type Score struct {
	CatalogID  string
	Title      string
	Composer   string
	ConcertKey int // sharps (+) or flats (-) of the concert key signature
	Staves     map[string][]Note
}

// Instrument describes how a part is written for a player.
type Instrument struct {
	Name string
	// Staff is the score staff the part is extracted from.
	Staff string
	// Transpose is added to concert pitch to obtain written pitch.
	Transpose int
	// Low and High bound the written range.
	Low, High int
}

var instruments = map[string]Instrument{
	"violin i":        {Name: "Violin I", Staff: "violin i", Low: 55, High: 100},
	"violin ii":       {Name: "Violin II", Staff: "violin ii", Low: 55, High: 96},
	"viola":           {Name: "Viola", Staff: "viola", Low: 48, High: 88},
	"cello":           {Name: "Cello", Staff: "cello", Low: 36, High: 81},
	"flute":           {Name: "Flute", Staff: "flute", Low: 60, High: 96},
	"clarinet in bb":  {Name: "Clarinet in B\u266d", Staff: "clarinet", Transpose: 2, Low: 52, High: 94},
	"horn in f":       {Name: "Horn in F", Staff: "horn", Transpose: 7, Low: 41, High: 84},
	"trumpet in bb":   {Name: "Trumpet in B\u266d", Staff: "trumpet", Transpose: 2, Low: 54, High: 84},
	"alto sax in eb":  {Name: "Alto Saxophone in E\u266d", Staff: "viola", Transpose: 9, Low: 58, High: 89},
	"bass clarinet":   {Name: "Bass Clarinet in B\u266d", Staff: "clarinet", Transpose: 14, Low: 50, High: 91},
	"tuba":            {Name: "Tuba", Staff: "tuba", Low: 28, High: 65},
	"timpani":         {Name: "Timpani", Staff: "timpani", Low: 38, High: 57},
	"contrabassoon":   {Name: "Contrabassoon", Staff: "bassoon", Transpose: 12, Low: 34, High: 77},
	"english horn":    {Name: "English Horn in F", Staff: "oboe", Transpose: 7, Low: 59, High: 91},
	"piccolo":         {Name: "Piccolo", Staff: "flute", Transpose: -12, Low: 62, High: 96},
	"double bass":     {Name: "Double Bass", Staff: "cello", Transpose: 12, Low: 28, High: 67},
	"harp":            {Name: "Harp", Staff: "harp", Low: 24, High: 103},
	"oboe":            {Name: "Oboe", Staff: "oboe", Low: 58, High: 91},
	"bassoon":         {Name: "Bassoon", Staff: "bassoon", Low: 34, High: 75},
	"trombone":        {Name: "Trombone", Staff: "trombone", Low: 40, High: 72},
	"soprano sax":     {Name: "Soprano Saxophone in B\u266d", Staff: "oboe", Transpose: 2, Low: 58, High: 89},
	"tenor sax in bb": {Name: "Tenor Saxophone in B\u266d", Staff: "cello", Transpose: 14, Low: 58, High: 89},
}

// LookupInstrument finds an instrument by name, case-insensitively.
func LookupInstrument(name string) (Instrument, bool) {
	in, ok := instruments[strings.ToLower(strings.TrimSpace(name))]
	return in, ok
}

// Errors returned while preparing parts.
var (
	ErrNoStaff    = errors.New("score has no such staff")
	ErrOutOfRange = errors.New("note out of instrument range")
)

// Part is a player's part ready for printing.
type Part struct {
	Title      string
	Composer   string
	Instrument string
	WrittenKey int
	Notes      []Note
	Pages      int
}

const notesPerPage = 96

// extractPart copies the instrument's staff out of the score and writes it
// at the instrument's pitch.
func extractPart(s *Score, in Instrument) (*Part, error) {
	staff, ok := s.Staves[in.Staff]
	if !ok {
		return nil, fmt.Errorf("%s: %w %q", s.CatalogID, ErrNoStaff, in.Staff)
	}
	notes := make([]Note, len(staff))
	for i, n := range staff {
		if n.Pitch != 0 {
			n.Pitch += in.Transpose
			if n.Pitch < in.Low || n.Pitch > in.High {
				return nil, fmt.Errorf("%s, %s, m. %d: written pitch %d: %w",
					s.Title, in.Name, n.Measure, n.Pitch, ErrOutOfRange)
			}
		}
		notes[i] = n
	}
	pages := (len(notes) + notesPerPage - 1) / notesPerPage
	if pages == 0 {
		pages = 1
	}
	return &Part{
		Title:      s.Title,
		Composer:   s.Composer,
		Instrument: in.Name,
		WrittenKey: transposeKey(s.ConcertKey, in.Transpose),
		Notes:      notes,
		Pages:      pages,
	}, nil
}

// transposeKey moves a key signature by semitones along the circle of
// fifths and picks the spelling with at most six flats or sharps.
func transposeKey(key, semitones int) int {
	k := ((key+7*semitones)%12 + 12) % 12
	if k > 6 {
		k -= 12
	}
	return k
}
