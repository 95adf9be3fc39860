// Package bakery groups incoming orders into oven batches by bake program
// and feeds them to the oven lines of a production bakery.
package bakery

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// Program is an oven bake profile. Orders can only share a batch when they
// use the same program.
type Program string

// Bake programs run by the ovens.
const (
	Croissant Program = "croissant"
	Sourdough Program = "sourdough"
	Baguette  Program = "baguette"
	Rye       Program = "rye"
)

var knownPrograms = map[Program]bool{Croissant: true, Sourdough: true, Baguette: true, Rye: true}

// Errors returned by the batcher.
var (
	ErrClosed       = errors.New("bakery: batcher closed")
	ErrInvalidOrder = errors.New("bakery: invalid order")
)

// Order is a customer order for one product.
type Order struct {
	ID       string
	Customer string
	Program  Program
	Qty      int
	Due      time.Time
}

func (o Order) validate() error {
	switch {
	case o.ID == "":
		return fmt.Errorf("%w: missing id", ErrInvalidOrder)
	case !knownPrograms[o.Program]:
		return fmt.Errorf("%w: %s: unknown program %q", ErrInvalidOrder, o.ID, o.Program)
	case o.Qty <= 0:
		return fmt.Errorf("%w: %s: quantity %d", ErrInvalidOrder, o.ID, o.Qty)
	}
	return nil
}

// Batch is a set of orders baked together on one oven line.
type Batch struct {
	Line    int
	Program Program
	Orders  []Order
	Trays   int
}

// Items returns the number of pieces in the batch.
func (b Batch) Items() int {
	n := 0
	for _, o := range b.Orders {
		n += o.Qty
	}
	return n
}

// Oven runs batches on the bakery's oven controllers.
type Oven interface {
	Bake(ctx context.Context, b Batch) error
}

// Config tunes a Batcher.
type Config struct {
	Lines        int           // oven lines baking in parallel
	BatchSize    int           // orders per full batch
	TrayCapacity int           // pieces per tray
	BakeTimeout  time.Duration // upper bound for one bake
	Logger       *log.Logger
}

func (c Config) withDefaults() (Config, error) {
	if c.Lines <= 0 {
		return c, fmt.Errorf("bakery: need at least one oven line, got %d", c.Lines)
	}
	if c.BatchSize <= 0 {
		c.BatchSize = 8
	}
	if c.TrayCapacity <= 0 {
		c.TrayCapacity = 24
	}
	if c.BakeTimeout <= 0 {
		c.BakeTimeout = 45 * time.Minute
	}
	if c.Logger == nil {
		c.Logger = log.New(io.Discard, "", 0)
	}
	return c, nil
}
