// Package importer loads stock adjustments from CSV text into an inventory.
package importer

import (
	"context"
	"fmt"
)

// Inventory is where the adjustments go.
type Inventory interface {
	Adjust(sku string, delta int) error
}

func errBadRow(line int, why string) error {
	return fmt.Errorf("line %d: %s", line, why)
}

// Import applies every line of text; it stops at the first bad line.
func Import(ctx context.Context, inv Inventory, text string) (int, error) {
	// Cancelling on the way out stops the stages still sending.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	applied := 0
	for e := range decode(ctx, split(ctx, text)) {
		if e.err != nil {
			return applied, e.err
		}
		if err := inv.Adjust(e.sku, e.amount); err != nil {
			return applied, fmt.Errorf("line %d: %w", e.line, err)
		}
		applied++
	}
	return applied, ctx.Err()
}
