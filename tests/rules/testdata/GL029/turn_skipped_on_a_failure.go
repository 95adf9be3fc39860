package turnskipped

import (
	"errors"
	"fmt"
	"sync"
)

// run: _ = PrintAll([]string{"cover", "", "page 2", "page 3"})

type press struct {
	mu     sync.Mutex
	cond   *sync.Cond
	next   int
	failed error
}

func newPress() *press {
	p := &press{}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// waitTurn blocks until seq is next on the press, or the run has failed.
func (p *press) waitTurn(seq int) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.next != seq && p.failed == nil {
		p.cond.Wait() // want "`p.cond.Wait\(\)` may never return: `printSheet`, run in a goroutine per item, takes its turn through `waitTurn`, but on the failure at line 62"
	}
	return p.failed
}

func (p *press) advance(seq int) {
	p.mu.Lock()
	p.next = seq + 1
	p.mu.Unlock()
	p.cond.Broadcast()
}

func (p *press) abort(err error) {
	p.mu.Lock()
	if p.failed == nil {
		p.failed = err
	}
	p.mu.Unlock()
	p.cond.Broadcast()
}

func typeset(text string) error {
	if text == "" {
		return errors.New("empty sheet")
	}
	return nil
}

func ink(text string) error { return nil }

// printSheet typesets a sheet, then prints it in its turn.
func printSheet(p *press, seq int, text string) error {
	if err := typeset(text); err != nil {
		return fmt.Errorf("sheet %d: %w", seq, err)
	}
	if err := ink(text); err != nil {
		p.abort(err)
		return err
	}
	if err := p.waitTurn(seq); err != nil {
		return err
	}
	p.advance(seq)
	return nil
}

// PrintAll prints the sheets in order, typesetting them at once.
func PrintAll(sheets []string) error {
	p := newPress()
	errs := make(chan error, len(sheets))
	for i, s := range sheets {
		go func(i int, s string) { errs <- printSheet(p, i, s) }(i, s)
	}
	for range sheets {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}
