package kiln

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Segment is one step of a firing schedule: ramp at Rate (°C per hour)
// towards Target, then hold there for Hold.
type Segment struct {
	Name   string
	Rate   float64
	Target float64
	Hold   time.Duration
}

// Schedule is an ordered list of segments.
type Schedule struct {
	Name     string
	Segments []Segment
}

// Validate checks the schedule against the kiln rating.
func (s Schedule) Validate(maxTemp float64) error {
	if len(s.Segments) == 0 {
		return errors.New("kiln: schedule has no segments")
	}
	for i, seg := range s.Segments {
		if seg.Rate <= 0 {
			return fmt.Errorf("kiln: segment %d: rate must be positive", i+1)
		}
		if seg.Target <= 0 || seg.Target > maxTemp {
			return fmt.Errorf("kiln: segment %d: target %.0f°C outside 0..%.0f", i+1, seg.Target, maxTemp)
		}
		if seg.Hold < 0 {
			return fmt.Errorf("kiln: segment %d: negative hold", i+1)
		}
	}
	return nil
}

// ParseSchedule reads a schedule in the plain text format used by the
// studio's schedule library:
//
//	# comment
//	name: Cone 04 bisque
//	candle   60  120  2h
//	ramp    150  600  0
//	top     100 1060 10m
func ParseSchedule(r io.Reader) (Schedule, error) {
	var s Schedule
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if strings.HasPrefix(text, "name:") {
			s.Name = strings.TrimSpace(strings.TrimPrefix(text, "name:"))
			continue
		}
		fields := strings.Fields(text)
		if len(fields) != 4 {
			return Schedule{}, fmt.Errorf("kiln: line %d: want 4 fields, got %d", line, len(fields))
		}
		rate, err := strconv.ParseFloat(fields[1], 64)
		if err != nil {
			return Schedule{}, fmt.Errorf("kiln: line %d: rate: %w", line, err)
		}
		target, err := strconv.ParseFloat(fields[2], 64)
		if err != nil {
			return Schedule{}, fmt.Errorf("kiln: line %d: target: %w", line, err)
		}
		hold := time.Duration(0)
		if fields[3] != "0" {
			hold, err = time.ParseDuration(fields[3])
			if err != nil {
				return Schedule{}, fmt.Errorf("kiln: line %d: hold: %w", line, err)
			}
		}
		s.Segments = append(s.Segments, Segment{Name: fields[0], Rate: rate, Target: target, Hold: hold})
	}
	if err := sc.Err(); err != nil {
		return Schedule{}, err
	}
	return s, nil
}
