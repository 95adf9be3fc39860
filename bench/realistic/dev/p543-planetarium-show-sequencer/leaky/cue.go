package sequencer

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Cue is one step of a dome show: an action sent to a device at an offset
// from the start of the show.
type Cue struct {
	Line     int
	Offset   time.Duration
	Device   string
	Action   string
	Args     []string
	Critical bool // the show is aborted if a critical cue fails
}

func (c Cue) String() string {
	return fmt.Sprintf("T+%v %s %s", c.Offset, c.Device, c.Action)
}

// Device is a piece of dome equipment: star projector, video blend,
// cove lighting, surround audio.
type Device interface {
	Name() string
	Fire(ctx context.Context, c Cue) error
}

// Result records the outcome of firing a cue.
type Result struct {
	Cue      Cue
	Lane     int
	Err      error
	Started  time.Time
	Finished time.Time
}

// Show is a parsed show script.
type Show struct {
	Title string
	Cues  []Cue
}

// ParseShow reads a show script. Each non-empty line is
//
//	T+<duration> <device> <action> [args...] [!]
//
// where a trailing "!" marks the cue critical. A "title:" line names the show
// and "#" starts a comment.
func ParseShow(r io.Reader) (*Show, error) {
	sh := &Show{}
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "title:") {
			sh.Title = strings.TrimSpace(strings.TrimPrefix(line, "title:"))
			continue
		}
		f := strings.Fields(line)
		if len(f) < 3 || !strings.HasPrefix(f[0], "T+") {
			return nil, fmt.Errorf("show: line %d: want \"T+<offset> <device> <action>\", got %q", n, line)
		}
		off, err := time.ParseDuration(f[0][2:])
		if err != nil || off < 0 {
			return nil, fmt.Errorf("show: line %d: bad offset %q", n, f[0])
		}
		c := Cue{Line: n, Offset: off, Device: f[1], Action: f[2], Args: f[3:]}
		if k := len(c.Args); k > 0 && c.Args[k-1] == "!" {
			c.Critical = true
			c.Args = c.Args[:k-1]
		}
		sh.Cues = append(sh.Cues, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("show: %w", err)
	}
	if len(sh.Cues) == 0 {
		return nil, errors.New("show: script has no cues")
	}
	sort.SliceStable(sh.Cues, func(i, j int) bool { return sh.Cues[i].Offset < sh.Cues[j].Offset })
	return sh, nil
}
