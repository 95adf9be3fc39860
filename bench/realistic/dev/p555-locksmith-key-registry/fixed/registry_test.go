package keyreg

import (
	"context"
	"errors"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type cylinders struct {
	mu   sync.Mutex
	pins map[string]map[string]bool
}

func (c *cylinders) Authorize(_ context.Context, door, bitting string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pins[door] == nil {
		c.pins[door] = make(map[string]bool)
	}
	c.pins[door][bitting] = true
	return nil
}

func (c *cylinders) Deauthorize(_ context.Context, door, bitting string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.pins[door], bitting)
	return nil
}

func (c *cylinders) opens(door, bitting string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pins[door][bitting]
}

type managerInbox struct {
	mu      sync.Mutex
	revoked []string
}

func (m *managerInbox) KeyRevoked(_ context.Context, k Key) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.revoked = append(m.revoked, k.ID+":"+k.RevokeReason)
	return nil
}

func TestContractorWeek(t *testing.T) {
	defer goleak.VerifyNone(t)

	pins := &cylinders{pins: map[string]map[string]bool{}}
	inbox := &managerInbox{}
	reg, err := New(pins,
		WithLogger(log.New(testWriter{t}, "", 0)),
		WithNotifier(inbox),
		WithSite("HARBOUR"),
	)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	issue := func(req IssueRequest) Key {
		t.Helper()
		k, err := reg.Issue(ctx, req)
		if err != nil {
			t.Fatalf("issue %s for %s: %v", req.Kind, req.Door, err)
		}
		return k
	}

	issue(IssueRequest{Door: "store-101", Kind: KindMaster, Blank: "SC4", Bitting: "353535", Holder: "site manager"})
	change101 := issue(IssueRequest{Door: "store-101", Kind: KindChange, Blank: "SC1", Bitting: "35274", Holder: "key board"})
	change102 := issue(IssueRequest{Door: "store-102", Kind: KindChange, Blank: "SC1", Bitting: "24613", Holder: "key board"})
	temp101 := issue(IssueRequest{Door: "store-101", Kind: KindTemporary, Blank: "KW1", Bitting: "51326",
		Holder: "Dale Roofing", TTL: 80 * time.Millisecond})
	temp102 := issue(IssueRequest{Door: "store-102", Kind: KindTemporary, Blank: "KW1", Bitting: "62415",
		Holder: "Dale Roofing", TTL: 150 * time.Millisecond})

	if got := reg.ForDoor("store-101"); len(got) != 3 || got[2].ID != temp101.ID {
		t.Errorf("store-101 active keys = %v, want master, change and %s", got, temp101.ID)
	}
	if _, err := reg.Issue(ctx, IssueRequest{Door: "store-103", Blank: "SC1", Bitting: "19191", Holder: "x"}); !errors.Is(err, ErrBadBitting) {
		t.Errorf("MACS violation: got %v, want ErrBadBitting", err)
	}

	if err := reg.CheckOut(change101.ID, "Dale Roofing"); err != nil {
		t.Fatal(err)
	}
	var out *CheckedOutError
	if err := reg.Revoke(ctx, change101.ID, ReasonRekey); !errors.As(err, &out) || out.Holder != "Dale Roofing" {
		t.Fatalf("revoke checked-out key: got %v, want CheckedOutError", err)
	}
	if err := reg.Revoke(ctx, change102.ID, ReasonLeft); err != nil {
		t.Fatalf("revoke %s: %v", change102.ID, err)
	}
	if pins.opens("store-102", change102.Bitting) {
		t.Errorf("store-102 still opens with revoked key %s", change102.ID)
	}

	deadline := time.Now().Add(2 * time.Second)
	for {
		k, err := reg.Lookup(temp102.ID)
		if err != nil {
			t.Fatal(err)
		}
		if k.Revoked {
			if k.RevokeReason != ReasonExpired {
				t.Errorf("%s revoked as %q, want %q", k.ID, k.RevokeReason, ReasonExpired)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("temporary key %s never expired", temp102.ID)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if pins.opens("store-102", temp102.Bitting) {
		t.Errorf("store-102 still opens with expired key %s", temp102.ID)
	}
	if !pins.opens("store-101", change101.Bitting) {
		t.Errorf("store-101 lost checked-out key %s", change101.ID)
	}
	if got := reg.ForDoor("store-102"); len(got) != 0 {
		t.Errorf("store-102 active keys = %v, want none", got)
	}

	inbox.mu.Lock()
	if len(inbox.revoked) != 1 || !strings.HasSuffix(inbox.revoked[0], ":"+ReasonLeft) {
		t.Errorf("manager notified of %v", inbox.revoked)
	}
	inbox.mu.Unlock()

	if err := reg.Close(); err != nil {
		t.Fatal(err)
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
