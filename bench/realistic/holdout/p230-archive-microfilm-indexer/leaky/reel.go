package microfilm

import (
	"context"
	"errors"
	"fmt"
)

// Errors reported while reading a reel.
var (
	// ErrUnreadable is returned by a FrameSource for a frame the scanner
	// could not capture (scratch, fogging, splice). Reading may continue.
	ErrUnreadable = errors.New("microfilm: frame unreadable")
	// ErrReelDamaged means the reel had too many unreadable frames to be
	// indexed and must go back to conservation.
	ErrReelDamaged = errors.New("microfilm: reel damaged")
)

// Frame is one exposure captured by the reel scanner.
type Frame struct {
	Reel   string
	Number int
	Image  []byte
}

func (f Frame) String() string { return fmt.Sprintf("%s/%04d", f.Reel, f.Number) }

// FrameSource yields the frames of one reel in order. It returns io.EOF
// after the last frame. When it returns ErrUnreadable, the Frame still
// carries the frame number.
type FrameSource interface {
	Next(ctx context.Context) (Frame, error)
}

// Recognizer turns a frame image into text with a confidence in [0, 1].
type Recognizer interface {
	Recognize(ctx context.Context, image []byte) (text string, confidence float64, err error)
}

// Catalog stores finding-aid entries.
type Catalog interface {
	Put(ctx context.Context, e Entry) error
}

// Logger is satisfied by *log.Logger.
type Logger interface {
	Printf(format string, args ...any)
}

type discard struct{}

func (discard) Printf(string, ...any) {}

// Entry is the catalog record for one frame.
type Entry struct {
	Reel        string
	Frame       int
	Title       string
	Year        int
	Keywords    []string
	Confidence  float64
	NeedsReview bool
}

// Report summarises the indexing of one reel.
type Report struct {
	Reel       string
	Read       int
	Indexed    int
	Review     []int
	Unreadable []int
	Failed     map[int]error
}
