package laptiming

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Passing is one transponder read on a timing loop, as reported by the
// trackside decoder.
type Passing struct {
	Transponder string
	Loop        string
	At          time.Duration
	Strength    int
	Hits        int
}

var ErrMalformed = errors.New("laptiming: malformed decoder record")

// ParsePassing parses a decoder passing record:
//
//	P,<transponder>,<loop>,<microseconds since start>,<strength>,<hits>
func ParsePassing(line string) (Passing, error) {
	f := strings.Split(strings.TrimSpace(line), ",")
	if len(f) != 6 || f[0] != "P" {
		return Passing{}, fmt.Errorf("%w: %q", ErrMalformed, line)
	}
	us, err := strconv.ParseInt(f[3], 10, 64)
	if err != nil || us < 0 {
		return Passing{}, fmt.Errorf("%w: timestamp %q", ErrMalformed, f[3])
	}
	strength, err := strconv.Atoi(f[4])
	if err != nil {
		return Passing{}, fmt.Errorf("%w: strength %q", ErrMalformed, f[4])
	}
	hits, err := strconv.Atoi(f[5])
	if err != nil {
		return Passing{}, fmt.Errorf("%w: hits %q", ErrMalformed, f[5])
	}
	return Passing{
		Transponder: f[1],
		Loop:        f[2],
		At:          time.Duration(us) * time.Microsecond,
		Strength:    strength,
		Hits:        hits,
	}, nil
}

// Feed reads decoder records from r and ingests passings into the session.
// Status ("S,") and comment ("#") lines are skipped; malformed records are
// logged and skipped, since decoders occasionally garble a line.
func (s *Session) Feed(ctx context.Context, r io.Reader) error {
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		if err := ctx.Err(); err != nil {
			return err
		}
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") || strings.HasPrefix(text, "S,") {
			continue
		}
		p, err := ParsePassing(text)
		if err != nil {
			s.log.Printf("decoder line %d: %v", line, err)
			continue
		}
		if err := s.Ingest(p); err != nil {
			return fmt.Errorf("decoder line %d: %w", line, err)
		}
	}
	return sc.Err()
}
