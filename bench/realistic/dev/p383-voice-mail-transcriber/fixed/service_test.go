package voicemail

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type apiError struct {
	code int
	msg  string
}

func (e *apiError) Error() string   { return fmt.Sprintf("speech API: %d %s", e.code, e.msg) }
func (e *apiError) Temporary() bool { return e.code == 429 || e.code >= 500 }

type trackedBody struct {
	io.Reader
	mu     sync.Mutex
	closed bool
}

func (b *trackedBody) Close() error {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	return nil
}

type fakeStore struct {
	audio []byte
	opens int
}

func (f *fakeStore) Open(_ context.Context, id string) (*Recording, error) {
	f.opens++
	return &Recording{
		Body:         &trackedBody{Reader: bytes.NewReader(f.audio)},
		Encoding:     MuLaw,
		SampleRateHz: 8000,
		Duration:     time.Duration(len(f.audio)) * time.Second / 8000,
	}, nil
}

// flakySpeech fails the first request before reading any audio, the way an
// overloaded backend rejects a stream, then transcribes normally.
type flakySpeech struct {
	calls    int
	received int
	cfg      AudioConfig
}

func (f *flakySpeech) Recognize(_ context.Context, audio io.Reader, cfg AudioConfig) (Transcript, error) {
	f.calls++
	if f.calls == 1 {
		return Transcript{}, &apiError{code: 503, msg: "backend unavailable"}
	}
	b, err := io.ReadAll(audio)
	if err != nil {
		return Transcript{}, err
	}
	f.received, f.cfg = len(b), cfg
	return Transcript{Text: "hi, it's Sam, call me back", Confidence: 0.93}, nil
}

type fakeMailboxes map[string]User

func (m fakeMailboxes) Owner(_ context.Context, mailbox string) (User, error) {
	u, ok := m[mailbox]
	if !ok {
		return User{}, fmt.Errorf("mailbox %s not found", mailbox)
	}
	return u, nil
}

type recordingNotifier struct {
	sent []Notification
}

func (r *recordingNotifier) Notify(_ context.Context, _ User, n Notification) error {
	r.sent = append(r.sent, n)
	return nil
}

func TestTranscriptionRetriedAfterBackendUnavailable(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := &fakeStore{audio: bytes.Repeat([]byte{0xff, 0x7f, 0x80, 0x00}, 2000)} // 1s of µ-law
	speech := &flakySpeech{}
	notifier := &recordingNotifier{}
	svc := New(store, speech,
		fakeMailboxes{"+15550100": {ID: "u1", Language: "en-GB", TranscriptsEnabled: true}},
		notifier,
		Config{RetryBackoff: time.Millisecond, Logf: t.Logf})

	vm := Voicemail{ID: "vm-42", Mailbox: "+15550100", Caller: "+15550199", ReceivedAt: time.Unix(1700000000, 0)}
	if err := svc.Process(context.Background(), vm); err != nil {
		t.Fatalf("Process: %v", err)
	}

	if speech.calls != 2 || store.opens != 2 {
		t.Fatalf("speech calls %d, store opens %d; want 2 and 2", speech.calls, store.opens)
	}
	if speech.received != 2*len(store.audio) {
		t.Fatalf("speech API received %d bytes of PCM, want %d", speech.received, 2*len(store.audio))
	}
	if speech.cfg.Encoding != Linear16 || speech.cfg.SampleRateHz != 8000 || speech.cfg.LanguageCode != "en-GB" {
		t.Fatalf("audio config %+v", speech.cfg)
	}
	if len(notifier.sent) != 1 {
		t.Fatalf("sent %d notifications", len(notifier.sent))
	}
	n := notifier.sent[0]
	if n.Unavailable || n.Transcript != "hi, it's Sam, call me back" || n.Duration != time.Second {
		t.Fatalf("notification %+v", n)
	}
}

func TestMuLawDecoding(t *testing.T) {
	defer goleak.VerifyNone(t)

	for _, tc := range []struct {
		in   byte
		want int16
	}{{0xff, 0}, {0x7f, 0}, {0x80, 32124}, {0x00, -32124}} {
		if got := mulawTable[tc.in]; got != tc.want {
			t.Errorf("µ-law %#x = %d, want %d", tc.in, got, tc.want)
		}
	}
}
