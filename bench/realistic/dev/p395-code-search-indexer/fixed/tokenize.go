package indexer

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"sync"
	"unicode"
)

type fileTokens struct {
	doc    int
	tokens map[string]struct{}
	err    error
	skip   bool
}

type tokenStats struct {
	indexed int
	skipped int
}

// tokenizeAll tokenizes files with a pool of workers and returns postings:
// token -> sorted document numbers (indexes into files).
func (ix *Indexer) tokenizeAll(ctx context.Context, wt Worktree, files []string) (map[string][]int, tokenStats, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan int)
	out := make(chan fileTokens)
	var wg sync.WaitGroup
	for w := 0; w < ix.cfg.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for doc := range jobs {
				ft := ix.tokenizeFile(wt, doc, files[doc])
				select {
				case out <- ft:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for doc := range files {
			select {
			case jobs <- doc:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(out)
	}()

	postings := make(map[string][]int)
	perDoc := make([]map[string]struct{}, len(files))
	var stats tokenStats
	for ft := range out {
		if ft.err != nil {
			cancel()
			for range out {
			}
			return nil, stats, ft.err
		}
		if ft.skip {
			stats.skipped++
			continue
		}
		stats.indexed++
		perDoc[ft.doc] = ft.tokens
	}
	if err := ctx.Err(); err != nil {
		return nil, stats, err
	}
	// Build postings in document order so each list comes out sorted.
	for doc, toks := range perDoc {
		for tok := range toks {
			postings[tok] = append(postings[tok], doc)
		}
	}
	return postings, stats, nil
}

func (ix *Indexer) tokenizeFile(wt Worktree, doc int, name string) fileTokens {
	rc, err := wt.Open(name)
	if err != nil {
		return fileTokens{doc: doc, err: fmt.Errorf("open %s: %w", name, err)}
	}
	defer rc.Close()

	toks := make(map[string]struct{})
	r := bufio.NewReader(io.LimitReader(rc, ix.cfg.MaxFileBytes+1))
	var cur []rune
	var n int64
	flush := func() {
		if len(cur) >= 2 && len(cur) <= 64 {
			toks[string(cur)] = struct{}{}
		}
		cur = cur[:0]
	}
	for {
		c, size, err := r.ReadRune()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fileTokens{doc: doc, err: fmt.Errorf("read %s: %w", name, err)}
		}
		n += int64(size)
		if n > ix.cfg.MaxFileBytes || c == 0 {
			// Too large or binary: not worth indexing.
			return fileTokens{doc: doc, skip: true}
		}
		if c == '_' || unicode.IsLetter(c) || unicode.IsDigit(c) {
			cur = append(cur, unicode.ToLower(c))
			continue
		}
		flush()
	}
	flush()
	return fileTokens{doc: doc, tokens: toks}
}
