package discovery

import (
	"testing"

	"go.uber.org/goleak"
)

func TestBalancerAcrossRegistryReset(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := NewSet()
	s.Update([]Endpoint{{Addr: "10.0.0.1:8080", Weight: 2}, {Addr: "10.0.0.2:8080"}})
	b := NewBalancer(s)
	if addr, err := b.Pick(); err != nil || addr != "10.0.0.1:8080" {
		t.Fatalf("Pick = %q, %v", addr, err)
	}

	s.Reset() // the registry session expired
	s.Update([]Endpoint{{Addr: "10.0.0.3:8080"}})
	s.Close()
}
