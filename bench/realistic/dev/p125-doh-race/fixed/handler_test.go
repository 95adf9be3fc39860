package doh

import (
	"bytes"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// echoAnswer replies with the query itself, flagged as a response.
func echoAnswer(r *http.Request) (*http.Response, error) {
	var q bytes.Buffer
	if _, err := q.ReadFrom(r.Body); err != nil {
		return nil, err
	}
	msg := q.Bytes()
	msg[2] |= 0x80
	return &http.Response{
		StatusCode: http.StatusOK,
		Status:     "200 OK",
		Header:     http.Header{"Content-Type": {mediaType}},
		Body:       io.NopCloser(bytes.NewReader(msg)),
		Request:    r,
	}, nil
}

// stall never answers; it gives up only when the request is cancelled.
func stall(r *http.Request) (*http.Response, error) {
	<-r.Context().Done()
	return nil, r.Context().Err()
}

func TestFastUpstreamWins(t *testing.T) {
	defer goleak.VerifyNone(t)

	fast := NewUpstream("fast", "https://fast.invalid/dns-query",
		WithHTTPClient(&http.Client{Transport: roundTripFunc(echoAnswer)}))
	slow := NewUpstream("slow", "https://slow.invalid/dns-query",
		WithHTTPClient(&http.Client{Transport: roundTripFunc(stall)}))
	h := &Handler{Resolver: NewResolver([]*Upstream{fast, slow},
		WithTimeout(200*time.Millisecond), WithHedgeDelay(0))}

	query := []byte{0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0x00, 0x01, 0x00, 0x01}
	req := httptest.NewRequest(http.MethodGet, "/dns-query?dns="+base64.RawURLEncoding.EncodeToString(query), nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)

	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, body %q", rec.Code, rec.Body.String())
	}
	if got := rec.Body.Bytes(); len(got) != len(query) || got[2]&0x80 == 0 {
		t.Fatalf("unexpected answer %x", got)
	}
}
