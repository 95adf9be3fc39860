package logcollect

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func frame(stream byte, payload string) []byte {
	hdr := make([]byte, 8)
	hdr[0] = stream
	binary.BigEndian.PutUint32(hdr[4:], uint32(len(payload)))
	return append(hdr, payload...)
}

type fakeRuntime struct {
	logs map[string][]byte
}

func (r *fakeRuntime) Logs(ctx context.Context, id string, opts LogOptions) (io.ReadCloser, error) {
	b, ok := r.logs[id]
	if !ok {
		return nil, errors.New("no such container: " + id)
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

type memSink struct {
	mu      sync.Mutex
	entries []Entry
}

func (s *memSink) Name() string { return "mem" }

func (s *memSink) Write(ctx context.Context, batch []Entry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.entries = append(s.entries, batch...)
	return nil
}

// idleTicker never fires; batches are flushed by Close.
type idleTicker struct{ c chan time.Time }

func (t idleTicker) C() <-chan time.Time { return t.c }
func (t idleTicker) Stop()               {}

func TestFollowOverlongLine(t *testing.T) {
	defer goleak.VerifyNone(t)

	var stream bytes.Buffer
	stream.Write(frame(1, "starting nginx\n"))
	stream.Write(frame(2, strings.Repeat("x", 4096)+"\n")) // a stack dump on one line
	stream.Write(frame(1, "ready for connections\n"))

	rt := &fakeRuntime{logs: map[string][]byte{"web-1": stream.Bytes()}}
	sink := &memSink{}
	errs := make(chan error, 1)
	c, err := New(Config{
		Runtime:      rt,
		Sinks:        []Sink{sink},
		MaxLineBytes: 1024,
		NewTicker:    func(time.Duration) Ticker { return idleTicker{make(chan time.Time)} },
		OnError: func(id string, err error) {
			if id == "web-1" {
				errs <- err
			}
		},
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if err := c.Follow("web-1"); err != nil {
		t.Fatalf("Follow: %v", err)
	}

	if err := <-errs; !errors.Is(err, bufio.ErrTooLong) {
		t.Fatalf("follower error = %v, want bufio.ErrTooLong", err)
	}
	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	sink.mu.Lock()
	defer sink.mu.Unlock()
	if len(sink.entries) != 1 || sink.entries[0].Line != "starting nginx" {
		t.Fatalf("sink got %+v, want the line before the overlong one", sink.entries)
	}
}
