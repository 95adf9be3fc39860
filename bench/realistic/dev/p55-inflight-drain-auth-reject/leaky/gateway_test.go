package gateway

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type tokens map[string]string

func (t tokens) Authenticate(ctx context.Context, token string) (string, error) {
	if p, ok := t[token]; ok {
		return p, nil
	}
	return "", ErrUnauthenticated
}

func TestDrainAfterRejectedRequest(t *testing.T) {
	defer goleak.VerifyNone(t)
	backend := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello %s", Principal(r.Context()))
	})
	g := New(tokens{"s3cret": "ci-bot"}, backend, WithPublicPaths("/healthz"))

	for _, tc := range []struct {
		path, token string
		want        int
	}{
		{"/healthz", "", http.StatusOK},
		{"/v1/builds", "s3cret", http.StatusOK},
		{"/v1/builds", "wrong", http.StatusUnauthorized},
	} {
		req := httptest.NewRequest("GET", tc.path, nil)
		if tc.token != "" {
			req.Header.Set("Authorization", "Bearer "+tc.token)
		}
		rec := httptest.NewRecorder()
		g.ServeHTTP(rec, req)
		if rec.Code != tc.want {
			t.Fatalf("%s with %q: status %d, want %d", tc.path, tc.token, rec.Code, tc.want)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := g.Drain(ctx); err != nil {
		t.Logf("Drain: %v", err)
	}
}
