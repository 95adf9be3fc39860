// Package ssehub fans out server-sent events to subscribed HTTP clients.
//
// A Hub keeps a bounded history of recently published events so that a
// client reconnecting with a Last-Event-ID header can catch up on what it
// missed before it starts receiving live events.
package ssehub

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"time"
)

// Event is a single server-sent event.
type Event struct {
	// ID is assigned by the Hub when the event is published.
	ID string
	// Type is sent as the "event:" field; empty means the default "message".
	Type string
	// Data is the payload. Multi-line payloads are split into several
	// "data:" lines as required by the wire format.
	Data []byte
	// Retry, if positive, tells the client how long to wait before reconnecting.
	Retry time.Duration
}

// WriteTo encodes e in the text/event-stream wire format and writes it to w
// with a single Write call.
func (e Event) WriteTo(w io.Writer) (int64, error) {
	var b bytes.Buffer
	if e.ID != "" {
		writeField(&b, "id", e.ID)
	}
	if e.Type != "" {
		writeField(&b, "event", e.Type)
	}
	if e.Retry > 0 {
		writeField(&b, "retry", strconv.FormatInt(e.Retry.Milliseconds(), 10))
	}
	data := strings.ReplaceAll(string(e.Data), "\r\n", "\n")
	for _, line := range strings.Split(data, "\n") {
		writeField(&b, "data", line)
	}
	b.WriteByte('\n')
	n, err := w.Write(b.Bytes())
	return int64(n), err
}

func writeField(b *bytes.Buffer, name, value string) {
	b.WriteString(name)
	b.WriteString(": ")
	b.WriteString(value)
	b.WriteByte('\n')
}

// history is a fixed-size ring of the most recently published events.
type history struct {
	buf  []Event
	next int
	full bool
}

func newHistory(size int) history {
	return history{buf: make([]Event, size)}
}

func (h *history) add(e Event) {
	if len(h.buf) == 0 {
		return
	}
	h.buf[h.next] = e
	h.next = (h.next + 1) % len(h.buf)
	if h.next == 0 {
		h.full = true
	}
}

// all returns the retained events, oldest first.
func (h *history) all() []Event {
	if !h.full {
		return append([]Event(nil), h.buf[:h.next]...)
	}
	out := make([]Event, 0, len(h.buf))
	out = append(out, h.buf[h.next:]...)
	return append(out, h.buf[:h.next]...)
}

// since returns the events published after the event with the given ID. The
// boolean is false if that event is no longer retained, in which case the
// caller should fall back to replaying everything that is.
func (h *history) since(id string) ([]Event, bool) {
	events := h.all()
	for i, e := range events {
		if e.ID == id {
			return events[i+1:], true
		}
	}
	return nil, false
}
