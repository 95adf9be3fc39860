package enrich

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type geoIP struct{}

func (geoIP) Name() string { return "geoip" }

func (geoIP) Enrich(_ context.Context, r Record) error {
	ip := r["client_ip"]
	octets := strings.Split(ip, ".")
	r["geo.region"] = map[string]string{"10": "internal", "81": "eu-west"}[octets[0]]
	_ = octets[3] // an address it cannot parse makes this plugin panic
	return nil
}

func TestPanickingPluginDropsOnlyItsRecord(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, err := New(t.Logf, geoIP{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	got, err := p.Run(ctx, []Record{
		{"id": "1", "client_ip": "10.1.2.3"},
		{"id": "2", "client_ip": "garbage"},
		{"id": "3", "client_ip": "81.2.69.160"},
	})
	if err != nil {
		t.Errorf("Run: %v", err)
	}
	if len(got) != 2 {
		t.Errorf("got %d records, want 2", len(got))
	}
}
