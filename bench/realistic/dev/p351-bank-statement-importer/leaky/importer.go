// Package importer pulls account statements from banks, parses them and
// reconciles the transactions against the ledger. Accounts are imported
// concurrently; a failure on one account does not stop the others.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
	"time"
)

// ErrUnknownBank is returned for accounts whose bank has no client.
var ErrUnknownBank = errors.New("importer: unknown bank")

// Period is a closed date range, in the bank's local calendar.
type Period struct {
	From, To time.Time
}

func (p Period) String() string {
	return p.From.Format("2006-01-02") + ".." + p.To.Format("2006-01-02")
}

// Account identifies one bank account to import.
type Account struct {
	BankID string
	Number string
	// Currency is the ISO 4217 code of the account.
	Currency string
}

// BankClient downloads raw statement files from a bank.
type BankClient interface {
	// Statement returns the raw statement for account and period. The
	// caller closes the returned body.
	Statement(ctx context.Context, account string, period Period) (io.ReadCloser, error)
}

// Ledger is the book of record the statements are reconciled against.
type Ledger interface {
	// KnownRefs returns the bank references already booked for account.
	KnownRefs(ctx context.Context, account string, period Period) (map[string]bool, error)
	// Book records new transactions.
	Book(ctx context.Context, account string, txs []Transaction) error
}

// Config configures an Importer.
type Config struct {
	// Banks maps a bank id to its client.
	Banks map[string]BankClient
	// Ledger receives reconciled transactions.
	Ledger Ledger
	// Parallelism bounds how many accounts are imported at once (default 4).
	Parallelism int
}

// Importer runs statement imports.
type Importer struct {
	banks       map[string]BankClient
	ledger      Ledger
	parallelism int
}

// New validates cfg and returns an Importer.
func New(cfg Config) (*Importer, error) {
	if cfg.Ledger == nil {
		return nil, errors.New("importer: ledger is required")
	}
	if len(cfg.Banks) == 0 {
		return nil, errors.New("importer: at least one bank client is required")
	}
	p := cfg.Parallelism
	if p <= 0 {
		p = 4
	}
	return &Importer{banks: cfg.Banks, ledger: cfg.Ledger, parallelism: p}, nil
}

// AccountReport is the outcome of importing one account.
type AccountReport struct {
	Account Account
	Summary Summary
	Err     error
}

// Run imports every account for period and returns one report per account,
// sorted by bank and account number. It only returns an error if ctx ends
// before all imports were started.
func (im *Importer) Run(ctx context.Context, accounts []Account, period Period) ([]AccountReport, error) {
	reports := make([]AccountReport, len(accounts))
	sem := make(chan struct{}, im.parallelism)
	var wg sync.WaitGroup
	var runErr error
	for i, acct := range accounts {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			runErr = fmt.Errorf("importer: %d of %d accounts not started: %w", len(accounts)-i, len(accounts), ctx.Err())
		}
		if runErr != nil {
			break
		}
		wg.Add(1)
		go func(i int, acct Account) {
			defer wg.Done()
			defer func() { <-sem }()
			sum, err := im.importAccount(ctx, acct, period)
			reports[i] = AccountReport{Account: acct, Summary: sum, Err: err}
		}(i, acct)
	}
	wg.Wait()
	if runErr != nil {
		return nil, runErr
	}
	sort.Slice(reports, func(a, b int) bool {
		if reports[a].Account.BankID != reports[b].Account.BankID {
			return reports[a].Account.BankID < reports[b].Account.BankID
		}
		return reports[a].Account.Number < reports[b].Account.Number
	})
	return reports, nil
}

// importAccount downloads, parses and reconciles a single statement.
func (im *Importer) importAccount(ctx context.Context, acct Account, period Period) (Summary, error) {
	bank, ok := im.banks[acct.BankID]
	if !ok {
		return Summary{}, fmt.Errorf("importer: account %s: %w %q", acct.Number, ErrUnknownBank, acct.BankID)
	}
	body, err := bank.Statement(ctx, acct.Number, period)
	if err != nil {
		return Summary{}, fmt.Errorf("importer: download %s/%s %s: %w", acct.BankID, acct.Number, period, err)
	}

	src := normalize(body)
	stmt, err := parseStatement(src)
	if err != nil {
		return Summary{}, fmt.Errorf("importer: parse %s/%s: %w", acct.BankID, acct.Number, err)
	}
	if stmt.Currency != "" && acct.Currency != "" && stmt.Currency != acct.Currency {
		return Summary{}, fmt.Errorf("importer: %s/%s: statement currency %s, account currency %s: %w",
			acct.BankID, acct.Number, stmt.Currency, acct.Currency, ErrMismatch)
	}
	sum, err := im.reconcile(ctx, acct, period, stmt)
	if err != nil {
		return Summary{}, fmt.Errorf("importer: reconcile %s/%s: %w", acct.BankID, acct.Number, err)
	}
	return sum, nil
}
