// Package indexer builds the search index for the code search service. For
// each repository it clones a revision, tokenizes the source files in
// parallel, builds a token -> document posting table and streams it out as
// size-bounded shards to a shard store.
package indexer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
)

// ErrNoFiles is returned when a revision has no indexable files.
var ErrNoFiles = errors.New("indexer: no indexable files")

// Cloner materialises a repository revision.
type Cloner interface {
	Clone(ctx context.Context, repoURL, rev string) (Worktree, error)
}

// Worktree is a checked-out revision. Close removes it.
type Worktree interface {
	ListFiles(ctx context.Context) ([]string, error)
	Open(name string) (io.ReadCloser, error)
	Close() error
}

// ShardStore persists encoded index shards. PutShard consumes r until EOF.
type ShardStore interface {
	PutShard(ctx context.Context, name string, r io.Reader) error
}

// Config configures an Indexer.
type Config struct {
	Cloner Cloner
	Store  ShardStore

	// Workers is the number of files tokenized concurrently.
	Workers int
	// MaxFileBytes skips files larger than this (generated code, blobs).
	MaxFileBytes int64
	// ShardTokens caps the number of distinct tokens per shard.
	ShardTokens int
	// Extensions lists indexable file extensions, e.g. ".go". Empty means all.
	Extensions []string
}

// Indexer indexes repositories. It holds no per-repository state and is safe
// for concurrent use.
type Indexer struct {
	cfg  Config
	exts map[string]bool
}

// Result describes a finished indexing run.
type Result struct {
	Repo    string
	Rev     string
	Files   int
	Skipped int
	Tokens  int
	Shards  []string
}

// New returns an Indexer for cfg.
func New(cfg Config) (*Indexer, error) {
	if cfg.Cloner == nil || cfg.Store == nil {
		return nil, errors.New("indexer: Cloner and Store are required")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 8
	}
	if cfg.MaxFileBytes <= 0 {
		cfg.MaxFileBytes = 1 << 20
	}
	if cfg.ShardTokens <= 0 {
		cfg.ShardTokens = 50000
	}
	ix := &Indexer{cfg: cfg}
	if len(cfg.Extensions) > 0 {
		ix.exts = make(map[string]bool, len(cfg.Extensions))
		for _, e := range cfg.Extensions {
			ix.exts[strings.ToLower(e)] = true
		}
	}
	return ix, nil
}

// IndexRepo clones repoURL at rev and writes its index shards.
func (ix *Indexer) IndexRepo(ctx context.Context, repoURL, rev string) (res Result, err error) {
	wt, err := ix.cfg.Cloner.Clone(ctx, repoURL, rev)
	if err != nil {
		return Result{}, fmt.Errorf("clone %s@%s: %w", repoURL, rev, err)
	}
	defer func() {
		if cerr := wt.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("remove worktree: %w", cerr)
		}
	}()

	all, err := wt.ListFiles(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("list %s@%s: %w", repoURL, rev, err)
	}
	var files []string
	for _, f := range all {
		if ix.indexable(f) {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return Result{}, fmt.Errorf("%s@%s: %w", repoURL, rev, ErrNoFiles)
	}
	sort.Strings(files)

	postings, stats, err := ix.tokenizeAll(ctx, wt, files)
	if err != nil {
		return Result{}, fmt.Errorf("tokenize %s@%s: %w", repoURL, rev, err)
	}

	res = Result{Repo: repoURL, Rev: rev, Files: stats.indexed, Skipped: stats.skipped, Tokens: len(postings)}
	for i, sh := range splitShards(postings, files, ix.cfg.ShardTokens) {
		name := shardName(repoURL, rev, i)
		if err := ix.writeShard(ctx, name, sh); err != nil {
			return res, err
		}
		res.Shards = append(res.Shards, name)
	}
	return res, nil
}

func (ix *Indexer) indexable(name string) bool {
	if strings.HasPrefix(name, "vendor/") || strings.Contains(name, "/.git/") {
		return false
	}
	if ix.exts == nil {
		return true
	}
	return ix.exts[strings.ToLower(path.Ext(name))]
}

func shardName(repoURL, rev string, i int) string {
	repo := strings.TrimSuffix(strings.TrimPrefix(repoURL, "https://"), ".git")
	repo = strings.ReplaceAll(repo, "/", "_")
	short := rev
	if len(short) > 12 {
		short = short[:12]
	}
	return fmt.Sprintf("%s@%s.%04d.shard", repo, short, i)
}
