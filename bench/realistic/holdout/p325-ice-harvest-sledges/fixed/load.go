package harvest

import (
	"errors"
	"fmt"
	"time"
)

// Load is what one sledge hauls from the field to the icehouse.
type Load struct {
	Sledge   string
	Blocks   []Block
	WeightKG float64
}

// Summary reports the outcome of a day's harvest on one field.
type Summary struct {
	Field     string
	Trips     int
	Blocks    int
	WeightKG  float64
	Discarded int
	HouseFull bool
	Duration  time.Duration
}

func (s *Summary) add(l Load) {
	s.Trips++
	s.Blocks += len(l.Blocks)
	s.WeightKG += l.WeightKG
}

// loader takes blocks off the cutting line and stacks them on sledges.
type loader struct {
	line      <-chan cutResult
	held      *Block
	exhausted bool
	discarded int
	err       error
}

func (l *loader) next() (Block, bool) {
	if l.held != nil {
		b := *l.held
		l.held = nil
		return b, true
	}
	for !l.exhausted {
		r, ok := <-l.line
		if !ok {
			l.exhausted = true
			break
		}
		if r.Err != nil {
			if errors.Is(r.Err, ErrCracked) {
				l.discarded++
				continue
			}
			l.err = fmt.Errorf("harvest: saw gang stopped: %w", r.Err)
			l.exhausted = true
			break
		}
		return r.Block, true
	}
	return Block{}, false
}

// fill stacks blocks on the sledge until it is at capacity or the next
// block would exceed limitKG. A block that does not fit stays at the
// head of the line for the next sledge.
func (l *loader) fill(sl Sledge, limitKG float64) Load {
	load := Load{Sledge: sl.ID}
	for {
		b, ok := l.next()
		if !ok {
			return load
		}
		if b.WeightKG > sl.CapacityKG {
			l.discarded++
			continue
		}
		total := load.WeightKG + b.WeightKG
		if total > sl.CapacityKG || total > limitKG {
			l.held = &b
			return load
		}
		load.Blocks = append(load.Blocks, b)
		load.WeightKG = total
	}
}

func (l *loader) waiting() bool {
	return l.held != nil
}
