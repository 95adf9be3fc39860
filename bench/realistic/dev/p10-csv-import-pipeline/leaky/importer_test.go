package importer

import (
	"context"
	"testing"

	"go.uber.org/goleak"
)

type memInventory map[string]int

func (m memInventory) Adjust(sku string, delta int) error {
	m[sku] += delta
	return nil
}

func TestImportStopsAtBadLine(t *testing.T) {
	defer goleak.VerifyNone(t)
	inv := memInventory{}
	text := "apple, 3\npear, x\nplum, 4\nfig, 1\nkiwi, 2\n"
	n, err := Import(context.Background(), inv, text)
	if err == nil || n != 1 {
		t.Fatalf("applied %d, err %v", n, err)
	}
}
