package oauth

import (
	"fmt"
	"net/http"
)

// Transport is an http.RoundTripper that authorizes every request with a
// token from Source. Many clients may share one Source.
type Transport struct {
	Source *Source
	Base   http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	tok, err := t.Source.Token(req.Context())
	if err != nil {
		return nil, fmt.Errorf("authorize %s %s: %w", req.Method, req.URL.Host, err)
	}
	typ := tok.TokenType
	if typ == "" {
		typ = "Bearer"
	}
	out := req.Clone(req.Context())
	out.Header.Set("Authorization", typ+" "+tok.AccessToken)

	resp, err := t.base().RoundTrip(out)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusUnauthorized {
		t.Source.Invalidate(tok)
	}
	return resp, nil
}

func (t *Transport) base() http.RoundTripper {
	if t.Base != nil {
		return t.Base
	}
	return http.DefaultTransport
}
