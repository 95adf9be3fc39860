package bounce

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeMailbox struct {
	order []string
	raw   map[string]string

	mu    sync.Mutex
	moved map[string]string
}

func (m *fakeMailbox) List(context.Context) ([]string, error) { return m.order, nil }

func (m *fakeMailbox) Fetch(_ context.Context, id string, w io.Writer) error {
	raw, ok := m.raw[id]
	if !ok {
		return fmt.Errorf("no message %q", id)
	}
	_, err := io.Copy(w, strings.NewReader(raw))
	return err
}

func (m *fakeMailbox) Move(_ context.Context, id, folder string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.moved[id] = folder
	return nil
}

type suppression struct {
	reason string
	until  time.Time
}

type fakeStore struct {
	soft       map[string]int
	suppressed map[string]suppression
}

func (s *fakeStore) Suppress(_ context.Context, addr, reason string, until time.Time) error {
	s.suppressed[addr] = suppression{reason, until}
	return nil
}

func (s *fakeStore) RecordSoftBounce(_ context.Context, addr string, _ time.Time) (int, error) {
	s.soft[addr]++
	return s.soft[addr], nil
}

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

func crlf(lines ...string) string { return strings.Join(lines, "\r\n") + "\r\n" }

// originalMessage is the copy of the failed mail that bounces carry along.
func originalMessage(to string) string {
	var b strings.Builder
	b.WriteString(crlf("From: news@shop.example", "To: "+to, "Subject: Spring sale", ""))
	for i := 0; i < 600; i++ {
		fmt.Fprintf(&b, "<p>Line %d of the newsletter body, with plenty of markup.</p>\r\n", i)
	}
	return b.String()
}

func dsn(rcpt, action, status, diag string) string {
	return crlf(
		"From: Mail Delivery System <MAILER-DAEMON@mx.example.net>",
		"To: bounces@shop.example",
		"Subject: Undelivered Mail Returned to Sender",
		"MIME-Version: 1.0",
		`Content-Type: multipart/report; report-type=delivery-status; boundary="B1"`,
		"",
		"--B1",
		"Content-Type: text/plain",
		"",
		"Your message could not be delivered.",
		"--B1",
		"Content-Type: message/delivery-status",
		"",
		"Reporting-MTA: dns; mx.example.net",
		"",
		"Final-Recipient: rfc822; "+rcpt,
		"Action: "+action,
		"Status: "+status,
		"Diagnostic-Code: smtp; "+diag,
		"",
		"--B1",
		"Content-Type: message/rfc822",
		"",
	) + originalMessage(rcpt) + "--B1--\r\n"
}

func TestRunQuarantinesMalformedAndContinues(t *testing.T) {
	defer goleak.VerifyNone(t)

	// A bounce from a broken MTA whose header block is not valid mail.
	broken := crlf(
		"From: MAILER-DAEMON@legacy.example.org",
		"Subject: failure notice",
		"X-Spam-Score 4.2",
		"",
		"Hi. This is the qmail-send program at legacy.example.org.",
		"<carol@example.org>:",
		"550 5.1.1 mailbox unavailable",
		"",
		"--- Below this line is a copy of the message.",
		"",
	) + originalMessage("carol@example.org")

	autoReply := crlf(
		"From: dave@example.com",
		"Subject: Out of office: Spring sale",
		"",
		"I am away until Monday.",
	)

	mb := &fakeMailbox{
		order: []string{"1", "2", "3", "4"},
		raw: map[string]string{
			"1": dsn("alice@example.com", "failed", "5.1.1", "550 5.1.1 user unknown"),
			"2": broken,
			"3": dsn("bob@example.com", "failed", "4.2.2", "452 4.2.2 mailbox full"),
			"4": autoReply,
		},
		moved: make(map[string]string),
	}
	store := &fakeStore{
		soft:       map[string]int{"bob@example.com": 2},
		suppressed: make(map[string]suppression),
	}
	now := time.Date(2024, 5, 6, 7, 0, 0, 0, time.UTC)
	p, err := New(Config{Mailbox: mb, Store: store, Clock: fixedClock(now)})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	sum, err := p.Run(context.Background())
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	want := Summary{
		Messages:    4,
		Hard:        1,
		Soft:        1,
		Ignored:     1,
		Quarantined: 1,
		Suppressed:  []string{"alice@example.com", "bob@example.com"},
	}
	if !reflect.DeepEqual(sum, want) {
		t.Fatalf("summary = %+v, want %+v", sum, want)
	}
	wantMoved := map[string]string{"1": "Processed", "2": "Quarantine", "3": "Processed", "4": "Ignored"}
	if !reflect.DeepEqual(mb.moved, wantMoved) {
		t.Fatalf("moved = %v, want %v", mb.moved, wantMoved)
	}
	if s := store.suppressed["alice@example.com"]; !s.until.IsZero() {
		t.Fatalf("alice suppressed until %v, want permanently", s.until)
	}
	if s := store.suppressed["bob@example.com"]; !s.until.Equal(now.Add(72 * time.Hour)) {
		t.Fatalf("bob suppressed until %v, want %v", s.until, now.Add(72*time.Hour))
	}
}
