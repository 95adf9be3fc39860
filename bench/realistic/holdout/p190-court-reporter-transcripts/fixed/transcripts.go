// Package transcripts turns a court reporter's live stenography feed into a
// certified, audio-aligned transcript.
//
// A session is ingested by translating raw steno strokes through the
// reporter's personal dictionary, streaming the resulting text to an audio
// aligner that attaches timecodes and speakers, and finally certifying and
// publishing the transcript to the court's records system.
package transcripts

import (
	"context"
	"errors"
	"io"
	"time"
)

// Stroke is a single chord written on the steno machine.
type Stroke struct {
	Seq   int
	At    time.Duration // offset from the start of the session
	Steno string        // e.g. "PWHRAOEUF"
}

// Segment is an aligned piece of the transcript.
type Segment struct {
	Start   time.Duration
	End     time.Duration
	Speaker string
	Text    string
}

// Transcript is a full, possibly certified, record of a session.
type Transcript struct {
	CaseNumber  string
	SessionID   string
	Segments    []Segment
	Untrans     int // strokes the dictionary could not translate
	CertifiedBy string
	CertifiedAt time.Time
	Signature   []byte
}

// StrokeStream yields strokes until io.EOF.
type StrokeStream interface {
	Next(ctx context.Context) (Stroke, error)
	Close() error
}

// StenoSource opens the live feed for a session.
type StenoSource interface {
	Open(ctx context.Context, sessionID string) (StrokeStream, error)
}

// Dictionary is a reporter's steno dictionary.
type Dictionary interface {
	Lookup(steno string) (string, bool)
}

// Aligner reads translated text lines of the form
// "<offset-ms>\t<text>\n" and aligns them against the courtroom audio.
type Aligner interface {
	Align(ctx context.Context, audioRef string, text io.Reader) ([]Segment, error)
}

// Signer applies the reporter's certification signature.
type Signer interface {
	Sign(ctx context.Context, reporterID string, payload []byte) ([]byte, error)
}

// Publisher files certified transcripts with the records system.
type Publisher interface {
	Publish(ctx context.Context, t *Transcript) error
}

// Errors returned by the service.
var (
	ErrEmptySession = errors.New("transcripts: session produced no text")
	ErrNotCertified = errors.New("transcripts: transcript is not certified")
)

// Config configures a Service.
type Config struct {
	// ReporterID identifies the certifying reporter.
	ReporterID string
	// MaxUntransRatio rejects a session whose untranslated strokes exceed
	// this fraction of all strokes. Zero means 0.05.
	MaxUntransRatio float64
	// Now returns the current time; defaults to time.Now.
	Now func() time.Time
}

// Service ingests, certifies and publishes transcripts.
type Service struct {
	src     StenoSource
	dict    Dictionary
	aligner Aligner
	signer  Signer
	pub     Publisher
	cfg     Config
}

// NewService returns a Service wired to the given collaborators.
func NewService(src StenoSource, dict Dictionary, aligner Aligner, signer Signer, pub Publisher, cfg Config) *Service {
	if cfg.MaxUntransRatio == 0 {
		cfg.MaxUntransRatio = 0.05
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{src: src, dict: dict, aligner: aligner, signer: signer, pub: pub, cfg: cfg}
}
