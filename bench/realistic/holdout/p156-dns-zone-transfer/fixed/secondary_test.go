package secondary

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

const (
	soa1 = "example.com. 3600 SOA ns1.example.com. hostmaster.example.com. 1 7200 900 1209600 300"
	soa2 = "example.com. 3600 SOA ns1.example.com. hostmaster.example.com. 2 7200 900 1209600 300"
	soa3 = "example.com. 3600 SOA ns1.example.com. hostmaster.example.com. 3 7200 900 1209600 300"
)

var responses = map[string]string{
	"AXFR@1": strings.Join([]string{
		soa1,
		"example.com. 3600 NS ns1.example.com.",
		"www.example.com. 300 A 192.0.2.10",
		"mail.example.com. 300 A 192.0.2.20",
		soa1,
	}, "\n"),
	// The primary's journal disagrees with what the secondary holds for
	// mail.example.com, so the second change cannot be applied.
	"IXFR 1": strings.Join([]string{
		soa3,
		soa1,
		"www.example.com. 300 A 192.0.2.10",
		soa2,
		"www.example.com. 300 A 192.0.2.11",
		soa2,
		"mail.example.com. 300 A 192.0.2.99",
		soa3,
		"mail.example.com. 300 A 192.0.2.21",
		soa3,
	}, "\n"),
	"AXFR@3": strings.Join([]string{
		soa3,
		"example.com. 3600 NS ns1.example.com.",
		"www.example.com. 300 A 192.0.2.11",
		"mail.example.com. 300 A 192.0.2.21",
		soa3,
	}, "\n"),
}

type body struct {
	io.Reader
	closed *int
}

func (b body) Close() error { *b.closed++; return nil }

// fakePrimary serves canned transfers. The AXFR it serves reflects the
// primary's current version, which the test bumps.
type fakePrimary struct {
	mu      sync.Mutex
	version int
	calls   []string
	closed  int
}

func (p *fakePrimary) Transfer(ctx context.Context, primary, zone string, kind TransferKind, serial uint32) (io.ReadCloser, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	key := fmt.Sprintf("%s %d", kind, serial)
	p.calls = append(p.calls, key)
	if kind == AXFR {
		key = fmt.Sprintf("AXFR@%d", p.version)
	}
	text, ok := responses[key]
	if !ok {
		return nil, fmt.Errorf("no canned response for %s", key)
	}
	return body{Reader: strings.NewReader(text), closed: &p.closed}, nil
}

func TestNotifyFallsBackToAXFRWhenIXFRDoesNotApply(t *testing.T) {
	defer goleak.VerifyNone(t)

	primary := &fakePrimary{version: 1}
	s, err := New(Config{
		Zones:     []string{"example.com."},
		Primaries: []string{"192.0.2.53"},
		Transport: primary,
		Logf:      t.Logf,
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx := context.Background()

	if err := s.Refresh(ctx, "example.com"); err != nil {
		t.Fatalf("initial Refresh: %v", err)
	}
	if got := s.Zone("example.com").Serial(); got != 1 {
		t.Fatalf("serial after initial load = %d, want 1", got)
	}

	primary.version = 3
	if err := s.HandleNotify(ctx, "example.com.", 3); err != nil {
		t.Fatalf("HandleNotify: %v", err)
	}
	z := s.Zone("example.com")
	if got := z.Serial(); got != 3 {
		t.Fatalf("serial after notify = %d, want 3", got)
	}
	for name, want := range map[string]string{
		"www.example.com.":  "192.0.2.11",
		"mail.example.com.": "192.0.2.21",
	} {
		if rrs := z.Lookup(name, "A"); len(rrs) != 1 || rrs[0].Data != want {
			t.Errorf("Lookup(%s, A) = %v, want %s", name, rrs, want)
		}
	}

	// A repeated NOTIFY for the serial already held does not transfer.
	if err := s.HandleNotify(ctx, "example.com.", 3); err != nil {
		t.Fatalf("second HandleNotify: %v", err)
	}

	primary.mu.Lock()
	defer primary.mu.Unlock()
	if want := []string{"AXFR 0", "IXFR 1", "AXFR 0"}; fmt.Sprint(primary.calls) != fmt.Sprint(want) {
		t.Errorf("transfers = %v, want %v", primary.calls, want)
	}
	if primary.closed != 3 {
		t.Errorf("closed %d transfer streams, want 3", primary.closed)
	}
}
