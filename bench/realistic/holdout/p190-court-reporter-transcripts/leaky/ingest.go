package transcripts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// translation carries the counters the translator goroutine reports back.
type translation struct {
	strokes int
	untrans int
}

// Ingest reads the whole steno feed of a session, aligns it against the
// session audio and returns an uncertified transcript.
func (s *Service) Ingest(ctx context.Context, caseNumber, sessionID, audioRef string) (*Transcript, error) {
	stream, err := s.src.Open(ctx, sessionID)
	if err != nil {
		return nil, fmt.Errorf("open steno feed %s: %w", sessionID, err)
	}

	pr, pw := io.Pipe()
	done := make(chan translation, 1)
	go func() {
		defer stream.Close()
		tr, err := s.translate(ctx, stream, pw)
		pw.CloseWithError(err)
		done <- tr
	}()

	segments, err := s.aligner.Align(ctx, audioRef, pr)
	if err != nil {
		return nil, fmt.Errorf("align session %s: %w", sessionID, err)
	}
	tr := <-done

	if len(segments) == 0 {
		return nil, ErrEmptySession
	}
	if tr.strokes > 0 && float64(tr.untrans)/float64(tr.strokes) > s.cfg.MaxUntransRatio {
		return nil, fmt.Errorf("session %s: %d of %d strokes untranslated", sessionID, tr.untrans, tr.strokes)
	}
	return &Transcript{
		CaseNumber: caseNumber,
		SessionID:  sessionID,
		Segments:   segments,
		Untrans:    tr.untrans,
	}, nil
}

// translate converts strokes into aligner input lines. Consecutive strokes
// are joined into one line until the dictionary yields sentence-ending
// punctuation or a speaker change, so the aligner sees whole utterances.
// It returns nil at the end of the feed.
func (s *Service) translate(ctx context.Context, stream StrokeStream, w io.Writer) (translation, error) {
	var (
		tr    translation
		words []string
		start = -1
	)
	flush := func() error {
		if len(words) == 0 {
			return nil
		}
		line := strings.Join(words, " ")
		words = words[:0]
		_, err := fmt.Fprintf(w, "%d\t%s\n", start, line) // leak: aligner gave up and the pipe has no reader
		return err
	}

	for {
		st, err := stream.Next(ctx)
		if errors.Is(err, io.EOF) {
			return tr, flush()
		}
		if err != nil {
			return tr, fmt.Errorf("read stroke: %w", err)
		}
		tr.strokes++

		text, ok := s.dict.Lookup(st.Steno)
		if !ok {
			tr.untrans++
			text = "[" + st.Steno + "]"
		}
		if isSpeakerTag(text) && len(words) > 0 {
			if err := flush(); err != nil {
				return tr, err
			}
		}
		if len(words) == 0 {
			start = int(st.At.Milliseconds())
		}
		words = append(words, text)
		if endsSentence(text) {
			if err := flush(); err != nil {
				return tr, err
			}
		}
	}
}

// isSpeakerTag reports whether a translation is a speaker designation such
// as ">>THE COURT:" or ">>MS. PATEL:".
func isSpeakerTag(text string) bool {
	return strings.HasPrefix(text, ">>") && strings.HasSuffix(text, ":")
}

func endsSentence(text string) bool {
	return strings.HasSuffix(text, ".") || strings.HasSuffix(text, "?")
}
