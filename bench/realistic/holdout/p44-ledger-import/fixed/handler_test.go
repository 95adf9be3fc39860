package ledger

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestImportRejectsOverdraft(t *testing.T) {
	defer goleak.VerifyNone(t)

	var b strings.Builder
	b.WriteString("# id,account,amount_cents,currency\n")
	b.WriteString("tx-0001,DE001,-5000,EUR\n")
	b.WriteString("tx-0002,DE002,-90000,EUR\n") // DE002 only holds 100.00
	for i := 3; i <= 400; i++ {
		fmt.Fprintf(&b, "tx-%04d,DE%03d,%d,EUR\n", i, i%7, 100+i)
	}
	b.WriteString("tx-0001,DE001,-5000,EUR\n") // re-exported row

	l := NewLedger(map[string]int64{"DE001": 20000, "DE002": 10000})
	h := &ImportHandler{Ledger: l, Currency: "EUR"}

	req := httptest.NewRequest(http.MethodPost, "/import", strings.NewReader(b.String()))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)

	if rec.Code != http.StatusConflict {
		t.Fatalf("status = %d, body %s", rec.Code, rec.Body.String())
	}
	if got := l.Balance("DE001"); got != 20000 {
		t.Fatalf("batch partly committed: DE001 = %d", got)
	}
}
