package cloud

import (
	"context"
	"fmt"
	"testing"

	"go.uber.org/goleak"
)

type fakeAPI struct{ pages int }

func (f fakeAPI) ListMachines(_ context.Context, token string) (Page, error) {
	n := 0
	if token != "" {
		fmt.Sscanf(token, "p%d", &n)
	}
	p := Page{}
	for i := 0; i < 3; i++ {
		p.Items = append(p.Items, Machine{ID: fmt.Sprintf("vm-%d-%d", n, i), Zone: "eu-1", State: "running"})
	}
	if n+1 < f.pages {
		p.Next = fmt.Sprintf("p%d", n+1)
	}
	return p, nil
}

func TestFindByIDStopsEarly(t *testing.T) {
	defer goleak.VerifyNone(t)
	c := NewClient(fakeAPI{pages: 3})
	m, err := c.FindByID(context.Background(), "vm-0-1")
	if err != nil || m.Zone != "eu-1" {
		t.Fatalf("got %v, %v", m, err)
	}
}
