package pricing

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type crm struct {
	customers map[string]map[string]string
	asked     chan string
}

func (c *crm) Attributes(ctx context.Context, customer string) (map[string]string, error) {
	c.asked <- customer
	time.Sleep(20 * time.Millisecond) // a network round trip
	return c.customers[customer], nil
}

func segments() map[string]func(map[string]string) bool {
	return map[string]func(map[string]string) bool{
		"students": func(a map[string]string) bool { return a["edu"] == "true" },
		"gold":     func(a map[string]string) bool { return a["tier"] == "gold" },
	}
}

func TestDiscountDuringRuleSync(t *testing.T) {
	defer goleak.VerifyNone(t)

	dir := &crm{
		customers: map[string]map[string]string{"c-17": {"edu": "true", "tier": "silver"}},
		asked:     make(chan string, 1),
	}
	e := NewEngine(dir)
	e.Replace([]Rule{
		{Name: "spring", SKU: "BK-", PercentX: 50},
		{Name: "students", Segment: "students", SKU: "BK-", PercentX: 150},
	}, segments())

	type answer struct {
		pct  int
		name string
		err  error
	}
	got := make(chan answer, 1)
	go func() {
		pct, name, err := e.Discount(context.Background(), "c-17", "BK-0451")
		got <- answer{pct, name, err}
	}()

	// While the CRM is being asked, the background sync installs the next
	// rule set.
	<-dir.asked
	synced := make(chan struct{})
	go func() {
		e.Replace([]Rule{{Name: "gold", Segment: "gold", PercentX: 200}}, segments())
		close(synced)
	}()

	select {
	case a := <-got:
		if a.err != nil || a.pct != 150 || a.name != "students" {
			t.Errorf("discount %+v", a)
		}
	case <-time.After(300 * time.Millisecond):
		t.Error("discount evaluation stuck")
	}
	select {
	case <-synced:
	case <-time.After(300 * time.Millisecond):
		t.Error("rule sync stuck")
	}
}
