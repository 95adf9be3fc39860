package dohproxy

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func buildQuery(id uint16, name string, qtype uint16) []byte {
	msg := make([]byte, headerLen)
	binary.BigEndian.PutUint16(msg[0:], id)
	binary.BigEndian.PutUint16(msg[2:], 0x0100) // RD
	binary.BigEndian.PutUint16(msg[4:], 1)
	for _, l := range strings.Split(strings.TrimSuffix(name, "."), ".") {
		msg = append(msg, byte(len(l)))
		msg = append(msg, l...)
	}
	msg = append(msg, 0, byte(qtype>>8), byte(qtype), 0, 1)
	return msg
}

func buildAnswer(query []byte, ttl uint32, ip [4]byte) []byte {
	resp := append([]byte(nil), query...)
	binary.BigEndian.PutUint16(resp[2:], 0x8180)
	binary.BigEndian.PutUint16(resp[6:], 1)
	rr := []byte{0xC0, headerLen, 0, 1, 0, 1, 0, 0, 0, 0, 0, 4}
	binary.BigEndian.PutUint32(rr[6:], ttl)
	return append(append(resp, rr...), ip[:]...)
}

type fakeExchanger struct {
	mu    sync.Mutex
	calls map[string]int
}

func (f *fakeExchanger) Exchange(_ context.Context, endpoint string, query []byte) ([]byte, error) {
	f.mu.Lock()
	f.calls[endpoint]++
	f.mu.Unlock()
	if strings.Contains(endpoint, "down") {
		return nil, errors.New("connection refused")
	}
	return buildAnswer(query, 300, [4]byte{192, 0, 2, 10}), nil
}

func (f *fakeExchanger) count(endpoint string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[endpoint]
}

type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time { return c.now }

func TestProxyReloadUpstreams(t *testing.T) {
	defer goleak.VerifyNone(t)

	ex := &fakeExchanger{calls: make(map[string]int)}
	p, err := New(Config{
		Upstreams: []string{"https://dns-a.example/dns-query", "https://dns-b.example/dns-query"},
		Exchanger: ex,
		Clock:     &fakeClock{now: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)},
		// Probes must not fire during the test.
		ProbeInterval: time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()

	q := buildQuery(0x1234, "www.example.org.", 1)
	req := httptest.NewRequest(http.MethodGet, "/dns-query?dns="+base64.RawURLEncoding.EncodeToString(q), nil)
	rec := httptest.NewRecorder()
	p.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, body %q", rec.Code, rec.Body.String())
	}

	if err := p.SetUpstreams([]string{"https://dns-b.example/dns-query", "https://dns-c.example/dns-query"}); err != nil {
		t.Fatal(err)
	}

	resp, err := p.Resolve(context.Background(), buildQuery(0x9999, "WWW.example.org.", 1))
	if err != nil {
		t.Fatal(err)
	}
	if binary.BigEndian.Uint16(resp) != 0x9999 {
		t.Fatalf("cached response has id %#x", binary.BigEndian.Uint16(resp))
	}
	if n := ex.count("https://dns-a.example/dns-query"); n != 1 {
		t.Fatalf("upstream a got %d queries, want 1 (second answer should be cached)", n)
	}

	resp, err = p.Resolve(context.Background(), buildQuery(7, "mail.example.org.", 1))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(resp[len(resp)-4:], []byte{192, 0, 2, 10}) {
		t.Fatalf("unexpected answer % x", resp)
	}
	if n := ex.count("https://dns-b.example/dns-query"); n != 1 {
		t.Fatalf("upstream b got %d queries, want 1", n)
	}

	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
}
