package dashboard

import (
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type slowOrders struct{}

func (slowOrders) Recent(string) ([]string, error) {
	time.Sleep(10 * time.Millisecond)
	return []string{"#1", "#2"}, nil
}

type downBilling struct{}

func (downBilling) Balance(string) (int64, error) { return 0, errors.New("billing unavailable") }

func TestBillingDown(t *testing.T) {
	defer goleak.VerifyNone(t)
	if _, err := NewHandler(slowOrders{}, downBilling{}).Render("acme"); err == nil {
		t.Fatal("want an error")
	}
}
