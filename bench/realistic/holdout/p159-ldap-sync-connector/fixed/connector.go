package ldapsync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// ErrTooManyDeletes is returned when a sync would delete more records than
// Config.MaxDeletes allows, which usually means a broken search filter.
var ErrTooManyDeletes = errors.New("ldapsync: too many deletes")

// ErrMissingKey is returned for entries without the key attribute.
var ErrMissingKey = errors.New("ldapsync: entry has no key attribute")

// Store is the local copy of the directory.
type Store interface {
	List(ctx context.Context) ([]Record, error)
	Apply(ctx context.Context, c Change) error
}

// Config configures a Connector.
type Config struct {
	BaseDN     string
	Filter     string   // defaults to (objectClass=person)
	Attributes []string // attributes to mirror; all if empty
	// KeyAttribute identifies entries across renames. Defaults to entryUUID.
	KeyAttribute string
	PageSize     int // defaults to 500
	// Prefetch is the number of pages fetched ahead of the one being
	// applied. Defaults to 2.
	Prefetch int
	// Deletes removes local records that are no longer in the directory.
	Deletes bool
	// MaxDeletes aborts the deletion phase above this many deletes; zero
	// means no limit.
	MaxDeletes int
}

// Result summarises a sync run.
type Result struct {
	Pages, Entries                       int
	Created, Updated, Deleted, Unchanged int
}

// Connector synchronises a Store with a Directory.
type Connector struct {
	dir   Directory
	store Store
	cfg   Config
}

// New returns a Connector.
func New(dir Directory, store Store, cfg Config) (*Connector, error) {
	if cfg.BaseDN == "" {
		return nil, errors.New("ldapsync: BaseDN is required")
	}
	if cfg.Filter == "" {
		cfg.Filter = "(objectClass=person)"
	}
	if cfg.KeyAttribute == "" {
		cfg.KeyAttribute = "entryUUID"
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 500
	}
	if cfg.Prefetch <= 0 {
		cfg.Prefetch = 2
	}
	return &Connector{dir: dir, store: store, cfg: cfg}, nil
}

func (c *Connector) key(e Entry) string {
	for name, vals := range e.Attributes {
		if strings.EqualFold(name, c.cfg.KeyAttribute) && len(vals) > 0 {
			return vals[0]
		}
	}
	return ""
}

// Sync runs one full synchronisation. On error the Result describes the
// changes applied before the failure.
func (c *Connector) Sync(ctx context.Context) (Result, error) {
	var res Result
	records, err := c.store.List(ctx)
	if err != nil {
		return res, fmt.Errorf("list local records: %w", err)
	}
	local := make(map[string]*Record, len(records))
	for i := range records {
		local[records[i].Key] = &records[i]
	}

	attrs := c.cfg.Attributes
	if len(attrs) > 0 {
		attrs = append(append([]string(nil), attrs...), c.cfg.KeyAttribute)
	}
	p := newPager(c.dir, SearchRequest{
		BaseDN:     c.cfg.BaseDN,
		Filter:     c.cfg.Filter,
		Attributes: attrs,
		PageSize:   c.cfg.PageSize,
	}, c.cfg.Prefetch)
	go p.run(ctx)
	defer p.stop()

	seen := make(map[string]bool, len(local))
	for {
		entries, err := p.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return res, fmt.Errorf("search %s page %d: %w", c.cfg.BaseDN, res.Pages+1, err)
		}
		res.Pages++
		for _, e := range entries {
			res.Entries++
			key := c.key(e)
			if key == "" {
				return res, fmt.Errorf("%s: %w", e.DN, ErrMissingKey)
			}
			seen[key] = true
			ch, ok := diffEntry(key, local[key], e, c.cfg.Attributes)
			if !ok {
				res.Unchanged++
				continue
			}
			if err := c.store.Apply(ctx, ch); err != nil {
				return res, fmt.Errorf("%s %s: %w", ch.Op, ch.DN, err)
			}
			if ch.Op == OpCreate {
				res.Created++
			} else {
				res.Updated++
			}
		}
	}

	if !c.cfg.Deletes {
		return res, nil
	}
	return res, c.deleteMissing(ctx, local, seen, &res)
}

func (c *Connector) deleteMissing(ctx context.Context, local map[string]*Record, seen map[string]bool, res *Result) error {
	var gone []string
	for key := range local {
		if !seen[key] {
			gone = append(gone, key)
		}
	}
	if c.cfg.MaxDeletes > 0 && len(gone) > c.cfg.MaxDeletes {
		return fmt.Errorf("%d records missing from %s: %w", len(gone), c.cfg.BaseDN, ErrTooManyDeletes)
	}
	sort.Strings(gone)
	for _, key := range gone {
		ch := Change{Op: OpDelete, Key: key, DN: local[key].DN}
		if err := c.store.Apply(ctx, ch); err != nil {
			return fmt.Errorf("%s %s: %w", ch.Op, ch.DN, err)
		}
		res.Deleted++
	}
	return nil
}
