// Package voicemail turns new voicemails into notifications: it fetches the
// recording, has it transcribed by a speech-to-text API and tells the
// mailbox owner, with the transcript when one could be produced.
package voicemail

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Voicemail is a message left in a mailbox.
type Voicemail struct {
	ID         string
	Mailbox    string
	Caller     string
	ReceivedAt time.Time
}

// Encoding is the sample format of a recording.
type Encoding int

const (
	// Linear16 is signed 16-bit little-endian PCM.
	Linear16 Encoding = iota
	// MuLaw is 8-bit G.711 µ-law, as recorded by most telephony gear.
	MuLaw
)

// Recording is the audio of a voicemail.
type Recording struct {
	Body         io.ReadCloser
	Encoding     Encoding
	SampleRateHz int
	Duration     time.Duration
}

// RecordingStore fetches recordings, typically from object storage.
type RecordingStore interface {
	Open(ctx context.Context, voicemailID string) (*Recording, error)
}

// AudioConfig describes the audio sent to the speech API.
type AudioConfig struct {
	Encoding     Encoding
	SampleRateHz int
	LanguageCode string
}

// Transcript is the recognised text of a recording.
type Transcript struct {
	Text       string
	Confidence float64
}

// SpeechClient is a streaming speech-to-text API.
type SpeechClient interface {
	// Recognize reads audio until EOF and returns its transcript. It may
	// return early, without reading all of audio, if the request fails.
	Recognize(ctx context.Context, audio io.Reader, cfg AudioConfig) (Transcript, error)
}

// User owns a mailbox.
type User struct {
	ID                 string
	Language           string // BCP-47, empty for the service default
	TranscriptsEnabled bool
}

// Mailboxes resolves mailbox owners.
type Mailboxes interface {
	Owner(ctx context.Context, mailbox string) (User, error)
}

// Notification tells a user about a new voicemail.
type Notification struct {
	VoicemailID string
	Caller      string
	ReceivedAt  time.Time
	Duration    time.Duration
	Transcript  string
	// Unavailable is set when transcripts are enabled but none could be
	// produced; the user is pointed to the audio instead.
	Unavailable bool
}

// Notifier delivers notifications (push, e-mail, SMS, ...).
type Notifier interface {
	Notify(ctx context.Context, u User, n Notification) error
}

// Config tunes a Service. Zero fields take the defaults shown.
type Config struct {
	DefaultLanguage string        // "en-US"
	MaxAttempts     int           // transcription attempts, 3
	RetryBackoff    time.Duration // multiplied by the attempt number, 1s
	MaxDuration     time.Duration // longer recordings are not transcribed, 5m
	MinConfidence   float64       // transcripts below this are withheld, 0.5
	Logf            func(format string, args ...interface{})
}

// ErrTooLong is returned for recordings longer than Config.MaxDuration.
var ErrTooLong = errors.New("voicemail: recording too long to transcribe")

// Service processes voicemails.
type Service struct {
	store     RecordingStore
	speech    SpeechClient
	mailboxes Mailboxes
	notifier  Notifier
	cfg       Config
}

// New returns a Service using the given backends.
func New(store RecordingStore, speech SpeechClient, mailboxes Mailboxes, notifier Notifier, cfg Config) *Service {
	if cfg.DefaultLanguage == "" {
		cfg.DefaultLanguage = "en-US"
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 3
	}
	if cfg.RetryBackoff <= 0 {
		cfg.RetryBackoff = time.Second
	}
	if cfg.MaxDuration <= 0 {
		cfg.MaxDuration = 5 * time.Minute
	}
	if cfg.MinConfidence == 0 {
		cfg.MinConfidence = 0.5
	}
	if cfg.Logf == nil {
		cfg.Logf = log.Printf
	}
	return &Service{store: store, speech: speech, mailboxes: mailboxes, notifier: notifier, cfg: cfg}
}

// Process transcribes vm, if its owner wants transcripts, and notifies the
// owner. A failed transcription does not fail the voicemail: the owner is
// notified without a transcript.
func (s *Service) Process(ctx context.Context, vm Voicemail) error {
	user, err := s.mailboxes.Owner(ctx, vm.Mailbox)
	if err != nil {
		return fmt.Errorf("voicemail %s: looking up mailbox %s: %w", vm.ID, vm.Mailbox, err)
	}
	n := Notification{VoicemailID: vm.ID, Caller: vm.Caller, ReceivedAt: vm.ReceivedAt}

	if user.TranscriptsEnabled {
		lang := user.Language
		if lang == "" {
			lang = s.cfg.DefaultLanguage
		}
		tr, dur, err := s.transcribeWithRetry(ctx, vm.ID, lang)
		n.Duration = dur
		switch {
		case err == nil && tr.Confidence >= s.cfg.MinConfidence:
			n.Transcript = tr.Text
		case err == nil:
			s.cfg.Logf("voicemail %s: transcript withheld, confidence %.2f", vm.ID, tr.Confidence)
			n.Unavailable = true
		case ctx.Err() != nil:
			return fmt.Errorf("voicemail %s: %w", vm.ID, ctx.Err())
		default:
			s.cfg.Logf("voicemail %s: transcription failed: %v", vm.ID, err)
			n.Unavailable = true
		}
	}

	if err := s.notifier.Notify(ctx, user, n); err != nil {
		return fmt.Errorf("voicemail %s: notifying %s: %w", vm.ID, user.ID, err)
	}
	return nil
}

// Run processes voicemails from jobs with the given number of workers until
// jobs is closed or ctx is done. Failures are logged.
func (s *Service) Run(ctx context.Context, jobs <-chan Voicemail, workers int) {
	if workers < 1 {
		workers = 1
	}
	var wg sync.WaitGroup
	wg.Add(workers)
	for i := 0; i < workers; i++ {
		go func() {
			defer wg.Done()
			for {
				select {
				case vm, ok := <-jobs:
					if !ok {
						return
					}
					if err := s.Process(ctx, vm); err != nil {
						s.cfg.Logf("%v", err)
					}
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	wg.Wait()
}
