package campaign

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time { return c.now }
func (c *fakeClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

// pagedList yields members and then fails with err, as a list API does when
// a later page cannot be fetched.
type pagedList struct {
	members []Recipient
	err     error
}

func (p *pagedList) Recipients(context.Context, string) (RecipientIterator, error) {
	return &pagedIter{list: p}, nil
}

type pagedIter struct {
	list *pagedList
	i    int
}

func (it *pagedIter) Next(context.Context) (Recipient, error) {
	if it.i < len(it.list.members) {
		it.i++
		return it.list.members[it.i-1], nil
	}
	if it.list.err != nil {
		return Recipient{}, it.list.err
	}
	return Recipient{}, io.EOF
}

func (it *pagedIter) Close() error { return nil }

type memSuppressions struct {
	mu sync.Mutex
	m  map[string]Reason
}

func (s *memSuppressions) Lookup(_ context.Context, email string) (Reason, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.m[strings.ToLower(email)]
	return r, ok, nil
}

func (s *memSuppressions) Add(_ context.Context, email string, r Reason) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[strings.ToLower(email)] = r
	return nil
}

type fakeMailer struct {
	mu     sync.Mutex
	reject map[string]*SMTPError
	sent   []Message
}

func (m *fakeMailer) Send(_ context.Context, msg Message) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.reject[msg.To]; ok {
		return "", e
	}
	m.sent = append(m.sent, msg)
	return "msg-" + msg.To, nil
}

var errListUnavailable = errors.New("lists api: 503 service unavailable")

func TestRunStopsWhenListFails(t *testing.T) {
	defer goleak.VerifyNone(t)

	supp := &memSuppressions{m: map[string]Reason{"gone@example.org": ReasonUnsubscribed}}
	mailer := &fakeMailer{reject: map[string]*SMTPError{
		"nobody@example.net": {Code: 550, Message: "5.1.1 user unknown"},
	}}
	list := &pagedList{
		members: []Recipient{
			{Email: "ana@example.com", Name: "Ana"},
			{Email: "gone@example.org", Name: "Gone"},
			{Email: "nobody@example.net", Name: "Nobody"},
			{Email: "bo@example.com", Name: "Bo"},
		},
		err: errListUnavailable,
	}
	s, err := New(Config{
		Mailer:            mailer,
		Recipients:        list,
		Suppressions:      supp,
		UnsubscribeSecret: []byte("test-secret"),
		UnsubscribeURL:    "https://mail.example.com/unsubscribe",
		Concurrency:       2,
		Clock:             &fakeClock{now: time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)},
	})
	if err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	c := Campaign{ID: "spring-sale", ListID: "newsletter", From: "news@example.com", Subject: "Spring sale", HTMLBody: "<p>Hi</p>"}
	_, err = s.Run(ctx, c)
	if !errors.Is(err, errListUnavailable) {
		t.Fatalf("Run error = %v, want %v", err, errListUnavailable)
	}

	tok := unsubscribeToken([]byte("test-secret"), c.ID, "ana@example.com")
	if err := s.HandleUnsubscribe(ctx, tok); err != nil {
		t.Fatalf("HandleUnsubscribe: %v", err)
	}
	if err := s.HandleUnsubscribe(ctx, tok+"0"); !errors.Is(err, ErrBadToken) {
		t.Fatalf("HandleUnsubscribe with tampered token = %v", err)
	}
	if r, ok, _ := supp.Lookup(ctx, "ana@example.com"); !ok || r != ReasonUnsubscribed {
		t.Fatalf("ana suppression = %q, %v", r, ok)
	}
}
