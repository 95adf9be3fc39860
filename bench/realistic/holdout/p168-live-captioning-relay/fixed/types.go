// Package captions relays live audio to speech recognizers and streams the
// resulting captions to viewers as they are produced.
//
// Each live stream keeps a caption log. Audio segments are recognised in
// arrival order; their text is appended to the open caption line until the
// recognizer signals the end of an utterance or the line gets too long.
// Viewers follow the log and receive the finished lines plus the line that
// is still being written, so that late joiners catch up immediately.
package captions

import (
	"context"
	"errors"
	"time"
)

// Errors returned by the relay.
var (
	ErrClosed = errors.New("captions: closed")
	ErrExists = errors.New("captions: stream already open")
)

// Segment is a chunk of audio from a live stream.
type Segment struct {
	Seq      int
	Start    time.Duration // offset from the start of the stream
	Duration time.Duration
	Language string
	PCM      []byte // 16 kHz mono, signed 16-bit little endian
}

// Hypothesis is a recognizer's transcription of one segment.
type Hypothesis struct {
	Text       string
	Confidence float64
	// Final is set when the segment ends an utterance.
	Final bool
}

// Caption is one line of captions. A caption that is not Final may still
// change; viewers should replace an earlier caption with the same Index.
type Caption struct {
	Index int
	Start time.Duration
	End   time.Duration
	Text  string
	Final bool

	raw string // text before rewriting
}

// Recognizer transcribes audio. Implementations typically wrap a cloud
// speech API or a local model server.
type Recognizer interface {
	Recognize(ctx context.Context, seg Segment) (Hypothesis, error)
}

// Viewer is a connected caption consumer, such as a WebSocket client or a
// broadcast encoder.
type Viewer interface {
	ID() string
	Send(ctx context.Context, captions []Caption) error
}

// ErrorHandler is told about failures that do not stop a stream.
type ErrorHandler func(streamID string, err error)

// Option customises a Relay.
type Option func(*options)

type options struct {
	queue            int
	recognizeTimeout time.Duration
	sendTimeout      time.Duration
	minConfidence    float64
	maxLine          int
	rewrite          func(string) string
	onError          ErrorHandler
}

// WithQueueSize sets how many segments may wait for recognition per stream.
func WithQueueSize(n int) Option { return func(o *options) { o.queue = n } }

// WithRecognizeTimeout bounds each recognizer call.
func WithRecognizeTimeout(d time.Duration) Option { return func(o *options) { o.recognizeTimeout = d } }

// WithSendTimeout bounds each delivery to a viewer.
func WithSendTimeout(d time.Duration) Option { return func(o *options) { o.sendTimeout = d } }

// WithMinConfidence drops hypotheses below the given confidence.
func WithMinConfidence(c float64) Option { return func(o *options) { o.minConfidence = c } }

// WithMaxLineLength closes a caption line once its text reaches n bytes.
func WithMaxLineLength(n int) Option { return func(o *options) { o.maxLine = n } }

// WithRewriter installs a function applied to every caption line, for
// example to expand spoken punctuation, fix custom vocabulary or mask
// profanity. It sees the whole line so that rules can span segments.
func WithRewriter(f func(string) string) Option { return func(o *options) { o.rewrite = f } }

// WithErrorHandler installs a handler for per-segment and per-viewer errors.
func WithErrorHandler(h ErrorHandler) Option { return func(o *options) { o.onError = h } }
