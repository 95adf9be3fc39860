// Package audioguide streams recorded exhibit narration to the handsets
// that visitors borrow at the museum entrance.
package audioguide

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// ErrNoNarration is returned by a NarrationStore when an exhibit has no
// recording in the requested language.
var ErrNoNarration = errors.New("audioguide: no narration for exhibit")

// Chunk is one slice of encoded narration audio sent to a handset.
type Chunk struct {
	ExhibitID string
	Lang      string
	Seq       int
	Data      []byte
}

// Button is a key pressed by the visitor on the handset keypad.
type Button int

// Keypad buttons.
const (
	ButtonSkip Button = iota + 1
	ButtonPause
	ButtonResume
	ButtonStop
)

func (b Button) String() string {
	switch b {
	case ButtonSkip:
		return "skip"
	case ButtonPause:
		return "pause"
	case ButtonResume:
		return "resume"
	case ButtonStop:
		return "stop"
	}
	return fmt.Sprintf("button(%d)", int(b))
}

// Track is an open narration recording. Next returns io.EOF after the last
// frame.
type Track interface {
	Next(ctx context.Context) ([]byte, error)
	Close() error
}

// NarrationStore looks up the narration recorded for an exhibit.
type NarrationStore interface {
	Open(ctx context.Context, exhibitID, lang string) (Track, error)
}

// Handset is a visitor's audio device.
type Handset interface {
	ID() string
	Play(ctx context.Context, c Chunk) error
	Buttons() <-chan Button
}

// Option configures a Guide.
type Option func(*Guide)

// WithLogger sets the logger used for operational messages.
func WithLogger(l *log.Logger) Option {
	return func(g *Guide) { g.log = l }
}

// WithFallbackLanguage sets the language used when an exhibit has no
// recording in the visitor's language.
func WithFallbackLanguage(lang string) Option {
	return func(g *Guide) { g.fallback = lang }
}

// WithChunkTimeout bounds how long a handset may take to accept one chunk.
func WithChunkTimeout(d time.Duration) Option {
	return func(g *Guide) { g.chunkTimeout = d }
}

// WithPauseLimit sets how long a tour may stay paused before the handset
// is considered abandoned.
func WithPauseLimit(d time.Duration) Option {
	return func(g *Guide) { g.pauseLimit = d }
}

// Guide hands out tour sessions backed by a narration store.
type Guide struct {
	store        NarrationStore
	log          *log.Logger
	fallback     string
	chunkTimeout time.Duration
	pauseLimit   time.Duration
}

// New returns a Guide reading narration from store.
func New(store NarrationStore, opts ...Option) *Guide {
	g := &Guide{
		store:        store,
		log:          log.New(io.Discard, "", 0),
		fallback:     "en",
		chunkTimeout: 2 * time.Second,
		pauseLimit:   20 * time.Minute,
	}
	for _, o := range opts {
		o(g)
	}
	return g
}

// openTrack opens the narration for exhibitID in lang, falling back to the
// guide's default language when no such recording exists.
func (g *Guide) openTrack(ctx context.Context, exhibitID, lang string) (Track, string, error) {
	tr, err := g.store.Open(ctx, exhibitID, lang)
	if err == nil {
		return tr, lang, nil
	}
	if !errors.Is(err, ErrNoNarration) || lang == g.fallback {
		return nil, "", err
	}
	g.log.Printf("exhibit %s: no %q narration, falling back to %q", exhibitID, lang, g.fallback)
	tr, err = g.store.Open(ctx, exhibitID, g.fallback)
	if err != nil {
		return nil, "", err
	}
	return tr, g.fallback, nil
}
