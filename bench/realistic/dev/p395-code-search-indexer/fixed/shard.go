package indexer

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

const (
	shardMagic   = "CSIX"
	shardVersion = 2
)

// shard is a slice of the posting table plus the documents it references.
type shard struct {
	tokens   []string
	postings map[string][]int
	docs     []string
}

// splitShards partitions postings into shards of at most maxTokens distinct
// tokens, in token order so lookups can binary-search shard boundaries.
func splitShards(postings map[string][]int, docs []string, maxTokens int) []shard {
	toks := make([]string, 0, len(postings))
	for t := range postings {
		toks = append(toks, t)
	}
	sort.Strings(toks)

	var out []shard
	for start := 0; start < len(toks); start += maxTokens {
		end := start + maxTokens
		if end > len(toks) {
			end = len(toks)
		}
		sh := shard{tokens: toks[start:end], postings: postings, docs: docs}
		out = append(out, sh)
	}
	return out
}

// writeShard streams the encoded shard straight into the store without
// buffering the whole thing in memory.
func (ix *Indexer) writeShard(ctx context.Context, name string, sh shard) error {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(encodeShard(pw, sh))
	}()
	if err := ix.cfg.Store.PutShard(ctx, name, pr); err != nil {
		pr.CloseWithError(err)
		return fmt.Errorf("put shard %s: %w", name, err)
	}
	return nil
}

// encodeShard writes the line-oriented shard format:
//
//	CSIX v2 <ndocs> <ntokens>
//	D <doc-number> <path>          (one per document)
//	T <token> <doc>,<doc>,...      (one per token, sorted)
func encodeShard(w io.Writer, sh shard) error {
	if _, err := fmt.Fprintf(w, "%s v%d %d %d\n", shardMagic, shardVersion, len(sh.docs), len(sh.tokens)); err != nil {
		return err
	}
	for i, d := range sh.docs {
		if _, err := fmt.Fprintf(w, "D %d %s\n", i, d); err != nil {
			return err
		}
	}
	var b strings.Builder
	for _, tok := range sh.tokens {
		b.Reset()
		b.WriteString("T ")
		b.WriteString(tok)
		b.WriteByte(' ')
		for j, doc := range sh.postings[tok] {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(doc))
		}
		b.WriteByte('\n')
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
	}
	return nil
}
