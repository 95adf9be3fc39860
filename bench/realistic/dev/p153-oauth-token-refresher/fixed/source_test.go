package oauth

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func reply(r *http.Request, code int, body string) *http.Response {
	return &http.Response{
		StatusCode: code,
		Status:     http.StatusText(code),
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(strings.NewReader(body)),
		Request:    r,
	}
}

func TestSharedSourceReportsRefreshFailureToEveryClient(t *testing.T) {
	defer goleak.VerifyNone(t)

	gate := make(chan struct{})
	auth := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		<-gate
		return reply(r, http.StatusServiceUnavailable, `{"error":"temporarily_unavailable"}`), nil
	})
	src := NewSource(&ClientCredentials{
		TokenURL:     "https://auth.example.test/oauth/token",
		ClientID:     "billing",
		ClientSecret: "s3cret",
		HTTPClient:   &http.Client{Transport: auth},
	}, WithFetchTimeout(200*time.Millisecond))

	api := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return reply(r, http.StatusOK, `{"orders":[]}`), nil
	})
	client := &http.Client{Transport: &Transport{Source: src, Base: api}}

	const clients = 4
	errs := make(chan error, clients)
	for i := 0; i < clients; i++ {
		go func() {
			resp, err := client.Get("https://api.example.test/v1/orders")
			if err == nil {
				resp.Body.Close()
			}
			errs <- err
		}()
	}
	time.Sleep(20 * time.Millisecond) // let the clients queue behind one refresh
	close(gate)

	timeout := time.After(300 * time.Millisecond)
	for i := 0; i < clients; i++ {
		select {
		case err := <-errs:
			if err == nil {
				t.Errorf("request succeeded although no token could be fetched")
			}
		case <-timeout:
			t.Fatalf("only %d of %d requests returned", i, clients)
		}
	}
	if n := src.Refreshes(); n != 0 {
		t.Errorf("Refreshes() = %d, want 0", n)
	}
}
