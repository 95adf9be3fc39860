package subalign

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Cue is one subtitle entry.
type Cue struct {
	Index int
	Start time.Duration
	End   time.Duration
	Text  string
}

// Duration returns how long the cue is on screen.
func (c Cue) Duration() time.Duration { return c.End - c.Start }

// ParseSRT reads a SubRip file.
func ParseSRT(r io.Reader) ([]Cue, error) {
	sc := bufio.NewScanner(r)
	var (
		cues []Cue
		cur  Cue
		line int
		// 0: expecting index, 1: expecting timing, 2: reading text
		state int
		text  []string
	)
	flush := func() {
		cur.Text = strings.Join(text, "\n")
		cues = append(cues, cur)
		cur, text, state = Cue{}, nil, 0
	}
	for sc.Scan() {
		line++
		s := strings.TrimRight(sc.Text(), "\r")
		if line == 1 {
			s = strings.TrimPrefix(s, "\ufeff")
		}
		switch state {
		case 0:
			if strings.TrimSpace(s) == "" {
				continue
			}
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil {
				return nil, fmt.Errorf("srt line %d: bad cue index %q", line, s)
			}
			cur.Index = n
			state = 1
		case 1:
			parts := strings.Split(s, " --> ")
			if len(parts) != 2 {
				return nil, fmt.Errorf("srt line %d: bad timing %q", line, s)
			}
			start, err := parseTimestamp(parts[0])
			if err != nil {
				return nil, fmt.Errorf("srt line %d: %w", line, err)
			}
			end, err := parseTimestamp(strings.Fields(parts[1])[0])
			if err != nil {
				return nil, fmt.Errorf("srt line %d: %w", line, err)
			}
			if end < start {
				return nil, fmt.Errorf("srt line %d: cue ends before it starts", line)
			}
			cur.Start, cur.End = start, end
			state = 2
		case 2:
			if s == "" {
				flush()
				continue
			}
			text = append(text, s)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if state == 2 {
		flush()
	} else if state == 1 {
		return nil, fmt.Errorf("srt: truncated cue %d", cur.Index)
	}
	return cues, nil
}

// WriteSRT writes cues in SubRip format, renumbering them from 1.
func WriteSRT(w io.Writer, cues []Cue) error {
	bw := bufio.NewWriter(w)
	for i, c := range cues {
		if _, err := fmt.Fprintf(bw, "%d\n%s --> %s\n%s\n\n", i+1, formatTimestamp(c.Start), formatTimestamp(c.End), c.Text); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func parseTimestamp(s string) (time.Duration, error) {
	var h, m, sec, ms int
	if _, err := fmt.Sscanf(strings.TrimSpace(s), "%d:%d:%d,%d", &h, &m, &sec, &ms); err != nil {
		return 0, fmt.Errorf("bad timestamp %q", s)
	}
	if m > 59 || sec > 59 || ms > 999 {
		return 0, fmt.Errorf("bad timestamp %q", s)
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute +
		time.Duration(sec)*time.Second + time.Duration(ms)*time.Millisecond, nil
}

func formatTimestamp(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	ms := d.Milliseconds()
	return fmt.Sprintf("%02d:%02d:%02d,%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}
