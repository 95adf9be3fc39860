package proration

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errQuotesDown = errors.New("quotes service: 503 Service Unavailable")

func TestQuoteWhenPricingServiceFails(t *testing.T) {
	defer goleak.VerifyNone(t)

	book := NewPriceBook(func(ctx context.Context, plan string) (Price, error) {
		switch plan {
		case "sso-addon":
			return Price{Plan: plan, Currency: "USD", Cents: 5000}, nil
		default:
			time.Sleep(10 * time.Millisecond)
			return Price{}, errQuotesDown
		}
	})
	h := &Handler{Calc: NewCalculator(book), Timeout: 200 * time.Millisecond}

	body := `{
		"from": [{"plan": "team", "quantity": 5}],
		"to": [{"plan": "team", "quantity": 8}, {"plan": "sso-addon", "quantity": 1}],
		"period_start": "2024-03-01T00:00:00Z",
		"period_end": "2024-04-01T00:00:00Z",
		"at": "2024-03-16T12:00:00Z"
	}`
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/v1/proration/quote", strings.NewReader(body)))

	if rec.Code != http.StatusBadGateway {
		t.Fatalf("status %d, want 502; body: %s", rec.Code, rec.Body.String())
	}
	if !strings.Contains(rec.Body.String(), "503") {
		t.Fatalf("body does not mention the upstream error: %s", rec.Body.String())
	}
}

func TestProrateHalfPeriod(t *testing.T) {
	if got := prorate(-1000, 15*24*time.Hour, 30*24*time.Hour); got != -500 {
		t.Fatalf("prorate = %d, want -500", got)
	}
}
