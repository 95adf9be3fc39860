// Package indexer keeps a local block store in step with a blockchain. It
// fetches block ranges from several full nodes in parallel, puts them back in
// height order, verifies that they link up, rewinds the store when the chain
// has been reorganised underneath it, and bulk-imports the new blocks.
package indexer

import (
	"context"
	"errors"
	"io"
)

// Block is the subset of a block header the indexer cares about.
type Block struct {
	Height uint64 `json:"height"`
	Hash   string `json:"hash"`
	Parent string `json:"parent"`
	TxRoot string `json:"tx_root,omitempty"`
	TxN    int    `json:"tx_count"`
}

// Node is a full node (or a JSON-RPC provider in front of one).
type Node interface {
	// Name identifies the node in errors and logs.
	Name() string
	// Head returns the height of the node's current best block.
	Head(ctx context.Context) (uint64, error)
	// BlockByHeight returns the block at height h on the node's best chain.
	BlockByHeight(ctx context.Context, h uint64) (Block, error)
}

// Store is the indexer's database.
type Store interface {
	// Head returns the highest stored block; ok is false for an empty store.
	Head(ctx context.Context) (b Block, ok bool, err error)
	// BlockAt returns the stored block at height h.
	BlockAt(ctx context.Context, h uint64) (Block, error)
	// Rewind deletes every stored block above height h.
	Rewind(ctx context.Context, h uint64) error
	// Import appends the newline-delimited JSON blocks read from r. It
	// returns ErrConflict if a height is already taken.
	Import(ctx context.Context, r io.Reader) error
}

// Errors returned by the indexer.
var (
	ErrNoNodes        = errors.New("indexer: no nodes configured")
	ErrAllNodesFailed = errors.New("indexer: all nodes failed")
	ErrInconsistent   = errors.New("indexer: nodes returned blocks that do not link")
	ErrReorgTooDeep   = errors.New("indexer: reorganisation deeper than limit")
	ErrConflict       = errors.New("indexer: height already stored")
)

// Logger receives diagnostic messages; *log.Logger satisfies it.
type Logger interface {
	Printf(format string, args ...interface{})
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...interface{}) {}
