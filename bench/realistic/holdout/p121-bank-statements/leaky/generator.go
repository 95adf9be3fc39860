// Package statements produces monthly account statements. It gathers the
// transactions for an account from every configured ledger, computes the
// running balance and streams a rendered PDF into the statement archive.
package statements

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"time"
)

// ErrNoLedgers is returned by New when the configuration has no ledgers.
var ErrNoLedgers = errors.New("statements: no ledgers configured")

// Account is the subset of account master data needed on a statement.
type Account struct {
	ID       string
	Holder   string
	Currency string
	// OpeningBalance is the balance, in minor units, at the start of the
	// statement period.
	OpeningBalance int64
}

// Transaction is a single posted ledger entry, amounts in minor units.
type Transaction struct {
	ID          string
	AccountID   string
	Posted      time.Time
	Amount      int64
	Description string
	Source      string
}

// Period is a half-open interval [From, To).
type Period struct {
	From time.Time
	To   time.Time
}

// String formats the period as used in archive keys, e.g. "2023-04".
func (p Period) String() string {
	return p.From.Format("2006-01")
}

// Statement is a fully assembled statement ready for rendering.
type Statement struct {
	Account      Account
	Period       Period
	Transactions []Transaction
	Closing      int64
	GeneratedAt  time.Time
}

// Ledger is a source of posted transactions, such as the core banking
// ledger or the card processor's settlement ledger.
type Ledger interface {
	Name() string
	Transactions(ctx context.Context, accountID string, p Period) ([]Transaction, error)
}

// AccountDirectory looks up account master data.
type AccountDirectory interface {
	Account(ctx context.Context, id string, asOf time.Time) (Account, error)
}

// Archive stores rendered statements. Put must consume r until EOF or return
// an error.
type Archive interface {
	Put(ctx context.Context, key string, contentType string, r io.Reader) error
}

// Config configures a Generator.
type Config struct {
	Ledgers   []Ledger
	Accounts  AccountDirectory
	Archive   Archive
	Renderer  Renderer
	KeyPrefix string
	// LedgerTimeout bounds each ledger query. Zero means no extra bound.
	LedgerTimeout time.Duration
	Now           func() time.Time
	Logger        *log.Logger
}

// Generator assembles and archives statements.
type Generator struct {
	cfg Config
}

// New validates cfg and returns a Generator.
func New(cfg Config) (*Generator, error) {
	if len(cfg.Ledgers) == 0 {
		return nil, ErrNoLedgers
	}
	if cfg.Accounts == nil || cfg.Archive == nil {
		return nil, errors.New("statements: account directory and archive are required")
	}
	if cfg.Renderer == nil {
		cfg.Renderer = &PDFRenderer{Title: "Account statement"}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	return &Generator{cfg: cfg}, nil
}

// Generate builds the statement for one account and period and stores it in
// the archive. It returns the archive key.
func (g *Generator) Generate(ctx context.Context, accountID string, p Period) (string, error) {
	acct, err := g.cfg.Accounts.Account(ctx, accountID, p.From)
	if err != nil {
		return "", fmt.Errorf("load account %s: %w", accountID, err)
	}
	txs, err := g.gather(ctx, accountID, p)
	if err != nil {
		return "", err
	}
	stmt := &Statement{
		Account:      acct,
		Period:       p,
		Transactions: txs,
		Closing:      acct.OpeningBalance + sum(txs),
		GeneratedAt:  g.cfg.Now(),
	}
	key := fmt.Sprintf("%s%s/%s.pdf", g.cfg.KeyPrefix, accountID, p)
	if err := g.publish(ctx, key, stmt); err != nil {
		return "", err
	}
	g.cfg.Logger.Printf("statement %s: %d transactions", key, len(txs))
	return key, nil
}

// GenerateAll generates statements for every account, continuing past
// failures. It returns the keys written and the first error encountered.
func (g *Generator) GenerateAll(ctx context.Context, accountIDs []string, p Period) ([]string, error) {
	var (
		keys     []string
		firstErr error
	)
	for _, id := range accountIDs {
		if err := ctx.Err(); err != nil {
			return keys, err
		}
		key, err := g.Generate(ctx, id, p)
		if err != nil {
			g.cfg.Logger.Printf("statement for %s: %v", id, err)
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		keys = append(keys, key)
	}
	return keys, firstErr
}

type ledgerResult struct {
	ledger string
	txs    []Transaction
	err    error
}

// gather queries all ledgers concurrently and merges their transactions in
// posting order.
func (g *Generator) gather(ctx context.Context, accountID string, p Period) ([]Transaction, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	results := make(chan ledgerResult, len(g.cfg.Ledgers))
	for _, l := range g.cfg.Ledgers {
		go func(l Ledger) {
			lctx := ctx
			if g.cfg.LedgerTimeout > 0 {
				var lcancel context.CancelFunc
				lctx, lcancel = context.WithTimeout(ctx, g.cfg.LedgerTimeout)
				defer lcancel()
			}
			txs, err := l.Transactions(lctx, accountID, p)
			results <- ledgerResult{ledger: l.Name(), txs: txs, err: err}
		}(l)
	}

	var all []Transaction
	for range g.cfg.Ledgers {
		r := <-results
		if r.err != nil {
			return nil, fmt.Errorf("ledger %s: %w", r.ledger, r.err)
		}
		for i := range r.txs {
			r.txs[i].Source = r.ledger
		}
		all = append(all, r.txs...)
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].Posted.Equal(all[j].Posted) {
			return all[i].ID < all[j].ID
		}
		return all[i].Posted.Before(all[j].Posted)
	})
	return dedupe(all), nil
}

// publish renders stmt and streams it to the archive without buffering the
// whole document in memory.
func (g *Generator) publish(ctx context.Context, key string, stmt *Statement) error {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(g.cfg.Renderer.Render(pw, stmt))
	}()
	if err := g.cfg.Archive.Put(ctx, key, "application/pdf", pr); err != nil {
		return fmt.Errorf("archive %s: %w", key, err)
	}
	return nil
}

// dedupe drops transactions reported by more than one ledger. The input must
// be sorted so that duplicates are adjacent by ID within a posting time.
func dedupe(txs []Transaction) []Transaction {
	seen := make(map[string]bool, len(txs))
	out := txs[:0]
	for _, t := range txs {
		if seen[t.ID] {
			continue
		}
		seen[t.ID] = true
		out = append(out, t)
	}
	return out
}

func sum(txs []Transaction) int64 {
	var total int64
	for _, t := range txs {
		total += t.Amount
	}
	return total
}
