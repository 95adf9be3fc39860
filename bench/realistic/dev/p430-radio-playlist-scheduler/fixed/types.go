// Package playout schedules music for a radio station's playout system: it
// builds playlists from a format clock, preloads upcoming tracks from an
// audio source into memory and fails over to a backup source when the
// primary one stops delivering.
package playout

import (
	"context"
	"errors"
	"time"
)

// Track is an item in the music library.
type Track struct {
	ID       string
	Title    string
	Artist   string
	Category string
	Duration time.Duration
}

// Loaded is a track whose audio has been fetched and decoded, ready to go
// to air without touching the network.
type Loaded struct {
	Track  Track
	Audio  []byte
	Source string
}

// Library is the station's music scheduling database.
type Library interface {
	// Tracks returns the tracks in a rotation category, in rotation order.
	Tracks(ctx context.Context, category string) ([]Track, error)
}

// AudioSource delivers decoded audio for a track, e.g. the studio NAS or a
// cloud bucket used as a backup.
type AudioSource interface {
	Name() string
	Load(ctx context.Context, t Track) ([]byte, error)
}

var (
	// ErrNotReady is returned when the next track has not been preloaded yet.
	ErrNotReady = errors.New("playout: next track not preloaded")
	// ErrNoBackup is returned by Failover when there is nowhere to fail over to.
	ErrNoBackup = errors.New("playout: no backup source configured")
	// ErrEmptyCategory is returned when the format clock names a category
	// that has no tracks.
	ErrEmptyCategory = errors.New("playout: category has no tracks")
	// ErrStopped is returned after the scheduler has been stopped.
	ErrStopped = errors.New("playout: scheduler stopped")
)
