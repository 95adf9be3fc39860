package showctl

import (
	"fmt"
	"sort"
	"time"
)

// Cue is one action on one device at an offset from the start of the show.
type Cue struct {
	ID     string
	Device string
	At     time.Duration
	Action string
	Params map[string]string
}

// Show is a cue list as exported from the show editor.
type Show struct {
	Title  string
	Length time.Duration
	Cues   []Cue
}

func buildTimeline(show Show, queues map[string]chan Cue) ([]Cue, error) {
	if show.Title == "" {
		return nil, fmt.Errorf("show has no title")
	}
	if show.Length <= 0 {
		return nil, fmt.Errorf("show length %s is not positive", show.Length)
	}
	seen := make(map[string]bool, len(show.Cues))
	timeline := make([]Cue, 0, len(show.Cues))
	for i, cue := range show.Cues {
		switch {
		case cue.ID == "":
			return nil, fmt.Errorf("cue #%d has no id", i+1)
		case seen[cue.ID]:
			return nil, fmt.Errorf("cue %s appears twice", cue.ID)
		case cue.At < 0 || cue.At > show.Length:
			return nil, fmt.Errorf("cue %s at %s is outside the show", cue.ID, cue.At)
		case cue.Action == "":
			return nil, fmt.Errorf("cue %s has no action", cue.ID)
		}
		if _, ok := queues[cue.Device]; !ok {
			return nil, fmt.Errorf("%w: cue %s wants %q", ErrUnknownDevice, cue.ID, cue.Device)
		}
		seen[cue.ID] = true
		timeline = append(timeline, cue)
	}
	sort.SliceStable(timeline, func(i, j int) bool { return timeline[i].At < timeline[j].At })
	return timeline, nil
}
