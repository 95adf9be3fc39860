package bounce

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type memBox struct {
	mu   sync.Mutex
	ids  []string
	msgs map[string]string
}

func (m *memBox) List(ctx context.Context) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.ids...), nil
}

func (m *memBox) Retrieve(ctx context.Context, id string) (io.ReadCloser, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	raw, ok := m.msgs[id]
	if !ok {
		return nil, errors.New("no such message")
	}
	return io.NopCloser(strings.NewReader(raw)), nil
}

func (m *memBox) Delete(ctx context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.msgs, id)
	for i, v := range m.ids {
		if v == id {
			m.ids = append(m.ids[:i], m.ids[i+1:]...)
			break
		}
	}
	return nil
}

func crlf(lines ...string) string { return strings.Join(lines, "\r\n") + "\r\n" }

var reply = crlf(
	"From: Pat <pat@customer.example>",
	"To: news@shop.example",
	"Subject: Re: Spring sale",
	"",
	"Hi,",
	"please take me off this list.",
	"..and thanks for all the fish.",
	"Pat",
	".",
)

var dsn = crlf(
	"From: MAILER-DAEMON@mx.example.net",
	"To: news@shop.example",
	"Subject: Undelivered Mail Returned to Sender",
	"MIME-Version: 1.0",
	`Content-Type: multipart/report; report-type=delivery-status; boundary="b1"`,
	"",
	"--b1",
	"Content-Type: text/plain",
	"",
	"The mail system could not deliver your message.",
	"--b1",
	"Content-Type: message/delivery-status",
	"",
	"Reporting-MTA: dns; mx.example.net",
	"",
	"Final-Recipient: rfc822; Gone@Customer.example",
	"Action: failed",
	"Status: 5.1.1",
	"",
	"--b1--",
	".",
)

func TestPollRecordsBouncesAndKeepsReplies(t *testing.T) {
	defer goleak.VerifyNone(t)
	box := &memBox{ids: []string{"1", "2"}, msgs: map[string]string{"1": reply, "2": dsn}}
	var got []Bounce
	p := NewProcessor(box, func(ctx context.Context, b Bounce) error {
		got = append(got, b)
		return nil
	})
	st, err := p.PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Bounces != 1 || st.Ignored != 1 {
		t.Fatalf("stats = %+v", st)
	}
	if len(got) != 1 || got[0].Recipient != "gone@customer.example" || got[0].MessageID != "2" {
		t.Fatalf("bounces = %+v", got)
	}
	if ids, _ := box.List(context.Background()); len(ids) != 1 || ids[0] != "1" {
		t.Fatalf("mailbox left with %v", ids)
	}
}
