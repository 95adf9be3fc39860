package bounce

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

const dsnTemplate = `Return-Path: <>
From: Mail Delivery System <MAILER-DAEMON@mx1.example.org>
To: bounces+4711@mail.shop.test
Subject: Undelivered Mail Returned to Sender
Message-Id: <20240301193000.1A2B3C@mx1.example.org>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="7F3A9C.1709321400/mx1.example.org"

--7F3A9C.1709321400/mx1.example.org
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx1.example.org.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

--7F3A9C.1709321400/mx1.example.org
Content-Type: message/delivery-status

Reporting-MTA: dns; mx1.example.org
Arrival-Date: Fri,  1 Mar 2024 19:29:58 +0000

Final-Recipient: rfc822; %s
Original-Recipient: rfc822;%s
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <%s>: Recipient address rejected:
    User unknown in virtual mailbox table

--7F3A9C.1709321400/mx1.example.org
Content-Type: text/rfc822-headers

From: Shop <news@mail.shop.test>
To: %s
Subject: Spring sale

--7F3A9C.1709321400/mx1.example.org--
`

func dsn(addr string) []byte {
	return []byte(fmt.Sprintf(dsnTemplate, addr, addr, addr, addr))
}

const legacyBounce = `From: postmaster@legacy.example.net
To: bounces+4712@mail.shop.test
Subject: failure notice
Message-Id: <qmail.1709321401@legacy.example.net>

Hi. This is the qmail-send program at legacy.example.net.
I'm afraid I wasn't able to deliver your message to the following addresses.

<nobody@example.net>: 550 5.1.1 mailbox unavailable
`

type fakeStore struct {
	mu    sync.Mutex
	list  map[string]Suppression
	calls chan string
}

func (f *fakeStore) Suppress(_ context.Context, s Suppression) error {
	f.mu.Lock()
	_, dup := f.list[s.Address]
	if !dup {
		f.list[s.Address] = s
	}
	f.mu.Unlock()
	f.calls <- s.Address
	if dup {
		return fmt.Errorf("POST /suppressions: 409: %w", ErrAlreadySuppressed)
	}
	return nil
}

type fixedClock struct{}

func (fixedClock) Now() time.Time { return time.Date(2024, 3, 1, 19, 30, 0, 0, time.UTC) }

func TestHardBounceForAlreadySuppressedAddress(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := &fakeStore{
		list:  map[string]Suppression{"gone@example.org": {Address: "gone@example.org", Kind: KindHard}},
		calls: make(chan string, 8),
	}
	svc, err := New(Config{Store: store, MaxInflight: 1, Clock: fixedClock{}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	res, err := svc.Handle(ctx, dsn("Gone@Example.org"))
	if err != nil {
		t.Fatalf("Handle DSN: %v", err)
	}
	if res.Kind != KindHard || !res.Suppressed {
		t.Fatalf("DSN result = %v suppressed=%v, want hard, suppressed", res.Kind, res.Suppressed)
	}
	if res.Report.ReportingMTA != "mx1.example.org" {
		t.Errorf("ReportingMTA = %q", res.Report.ReportingMTA)
	}
	if got := <-store.calls; got != "gone@example.org" {
		t.Fatalf("store called for %q, want gone@example.org", got)
	}

	res, err = svc.Handle(ctx, []byte(legacyBounce))
	if err != nil {
		t.Fatalf("Handle legacy bounce: %v", err)
	}
	if res.Report.Recipient != "nobody@example.net" || res.Kind != KindHard {
		t.Fatalf("legacy result = %q %v, want nobody@example.net hard", res.Report.Recipient, res.Kind)
	}
	select {
	case got := <-store.calls:
		if got != "nobody@example.net" {
			t.Errorf("store called for %q, want nobody@example.net", got)
		}
	case <-time.After(300 * time.Millisecond):
		t.Errorf("nobody@example.net was never written to the suppression list")
	}
}
