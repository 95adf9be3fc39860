package transcripts

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeStream struct {
	mu      sync.Mutex
	strokes []Stroke
	closed  bool
}

func (f *fakeStream) Next(ctx context.Context) (Stroke, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return Stroke{}, errors.New("stream closed")
	}
	if len(f.strokes) == 0 {
		return Stroke{}, io.EOF
	}
	st := f.strokes[0]
	f.strokes = f.strokes[1:]
	return st, nil
}

func (f *fakeStream) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	return nil
}

type fakeSource struct{ strokes []string }

func (f fakeSource) Open(context.Context, string) (StrokeStream, error) {
	s := &fakeStream{}
	for i, steno := range f.strokes {
		s.strokes = append(s.strokes, Stroke{Seq: i, At: time.Duration(i) * 700 * time.Millisecond, Steno: steno})
	}
	return s, nil
}

type mapDict map[string]string

func (d mapDict) Lookup(steno string) (string, bool) {
	s, ok := d[steno]
	return s, ok
}

var errDrift = errors.New("text runs past end of audio")

// fakeAligner pretends the audio recording is audioLen long.
type fakeAligner struct{ audioLen time.Duration }

func (f fakeAligner) Align(_ context.Context, _ string, r io.Reader) ([]Segment, error) {
	var segs []Segment
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), "\t", 2)
		ms, err := strconv.Atoi(parts[0])
		if err != nil {
			return nil, fmt.Errorf("bad offset %q: %w", parts[0], err)
		}
		at := time.Duration(ms) * time.Millisecond
		if at > f.audioLen {
			return nil, fmt.Errorf("line at %s: %w", at, errDrift)
		}
		segs = append(segs, Segment{Start: at, End: at + time.Second, Text: parts[1]})
	}
	return segs, sc.Err()
}

type fakeSigner struct{}

func (fakeSigner) Sign(_ context.Context, id string, payload []byte) ([]byte, error) {
	return []byte(fmt.Sprintf("%s:%d", id, len(payload))), nil
}

type fakePublisher struct {
	mu   sync.Mutex
	docs []*Transcript
}

func (f *fakePublisher) Publish(_ context.Context, t *Transcript) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.docs = append(f.docs, t)
	return nil
}

var dict = mapDict{
	"-FRT": ">>THE COURT:", "-FRPBT": ">>MS. PATEL:",
	"PWA*EUL": "Bail", "S-": "is", "SET": "set.",
	"OB": "Objection,", "KWRORPB": "your Honor.",
	"OFRLD": "Overruled.", "PRAOED": "Proceed.",
}

var hearing = []string{
	"-FRT", "PWA*EUL", "S-", "SET",
	"-FRPBT", "OB", "KWRORPB",
	"-FRT", "OFRLD", "PRAOED",
	"-FRPBT", "OB", "KWRORPB",
	"-FRT", "OFRLD",
}

func TestProcess(t *testing.T) {
	defer goleak.VerifyNone(t)

	t.Run("publishes certified transcript", func(t *testing.T) {
		pub := &fakePublisher{}
		svc := NewService(fakeSource{strokes: hearing}, dict, fakeAligner{audioLen: time.Minute}, fakeSigner{}, pub,
			Config{ReporterID: "CSR-1182"})
		tr, err := svc.Process(context.Background(), "CR-2023-0419", "s1", "audio/s1.wav")
		if err != nil {
			t.Fatalf("Process: %v", err)
		}
		if len(tr.Segments) != 6 {
			t.Fatalf("got %d segments, want 6: %+v", len(tr.Segments), tr.Segments)
		}
		if len(pub.docs) != 1 || pub.docs[0].CertifiedBy != "CSR-1182" {
			t.Fatalf("published %+v", pub.docs)
		}
	})

	t.Run("audio shorter than steno feed", func(t *testing.T) {
		pub := &fakePublisher{}
		svc := NewService(fakeSource{strokes: hearing}, dict, fakeAligner{audioLen: 3 * time.Second}, fakeSigner{}, pub,
			Config{ReporterID: "CSR-1182"})
		_, err := svc.Process(context.Background(), "CR-2023-0419", "s2", "audio/s2.wav")
		if !errors.Is(err, errDrift) {
			t.Fatalf("Process error = %v, want %v", err, errDrift)
		}
		if len(pub.docs) != 0 {
			t.Fatalf("published %d transcripts after failed alignment", len(pub.docs))
		}
	})
}
