// Package fitsync is the ingestion side of a fitness tracker sync backend.
// Devices (watches, chest straps, phone apps) upload batches of recorded
// workouts; the service decodes them, drops workouts that another device of
// the same user already uploaded, enriches and stores the rest and reports the
// user's current daily streak.
package fitsync

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Sport is the activity type of a workout.
type Sport string

// Common sports. Devices may report others.
const (
	SportRun   Sport = "run"
	SportRide  Sport = "ride"
	SportSwim  Sport = "swim"
	SportWalk  Sport = "walk"
	SportOther Sport = "other"
)

// Workout is one recorded training session.
type Workout struct {
	UserID    string
	DeviceID  string
	Sport     Sport
	Start     time.Time
	Duration  time.Duration
	DistanceM float64
	Calories  int
	AvgHR     int // beats per minute; 0 when the device has no heart-rate sensor
}

// Fingerprint identifies a workout independently of the device that recorded
// it: two devices worn during the same session report the same user and
// sport, a start time within the same minute and roughly the same duration.
func (w Workout) Fingerprint() string {
	start := w.Start.UTC().Truncate(time.Minute)
	mins := int64(w.Duration.Round(time.Minute) / time.Minute)
	return fmt.Sprintf("%s|%s|%d|%d", w.UserID, w.Sport, start.Unix(), mins)
}

// Upload is one batch received from a device.
type Upload struct {
	ID         string
	UserID     string
	DeviceID   string
	Format     string // selects the Decoder, e.g. "json"
	Payload    []byte
	ReceivedAt time.Time
}

// Decoder turns a device payload into workouts.
type Decoder interface {
	Decode(up Upload) ([]Workout, error)
}

// ErrBadPayload is returned when an upload cannot be decoded.
var ErrBadPayload = errors.New("bad payload")

// jsonDecoder decodes the vendor-neutral JSON format used by the phone apps
// and by most third-party integrations.
type jsonDecoder struct{}

type jsonWorkout struct {
	Sport     string    `json:"sport"`
	Start     time.Time `json:"start"`
	DurationS int       `json:"duration_s"`
	DistanceM float64   `json:"distance_m"`
	Calories  int       `json:"calories"`
	AvgHR     int       `json:"avg_hr"`
}

func (jsonDecoder) Decode(up Upload) ([]Workout, error) {
	var doc struct {
		Workouts []jsonWorkout `json:"workouts"`
	}
	if err := json.Unmarshal(up.Payload, &doc); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadPayload, err)
	}
	out := make([]Workout, 0, len(doc.Workouts))
	for i, jw := range doc.Workouts {
		if jw.Start.IsZero() || jw.DurationS <= 0 {
			return nil, fmt.Errorf("%w: workout %d has no start or duration", ErrBadPayload, i)
		}
		sport := Sport(jw.Sport)
		if sport == "" {
			sport = SportOther
		}
		out = append(out, Workout{
			UserID:    up.UserID,
			DeviceID:  up.DeviceID,
			Sport:     sport,
			Start:     jw.Start,
			Duration:  time.Duration(jw.DurationS) * time.Second,
			DistanceM: jw.DistanceM,
			Calories:  jw.Calories,
			AvgHR:     jw.AvgHR,
		})
	}
	return out, nil
}

// currentStreak counts the consecutive days with at least one workout that
// end today, or yesterday when the user has not trained yet today.
func currentStreak(days map[string]bool, today time.Time) int {
	const layout = "2006-01-02"
	d := today
	if !days[d.Format(layout)] {
		d = d.AddDate(0, 0, -1)
	}
	n := 0
	for days[d.Format(layout)] {
		n++
		d = d.AddDate(0, 0, -1)
	}
	return n
}
