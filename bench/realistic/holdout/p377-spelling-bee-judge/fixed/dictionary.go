package spellingbee

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"
)

// ErrUnknownWord is returned by a Dictionary that has no entry for a word.
var ErrUnknownWord = errors.New("spellingbee: word not in dictionary")

// Entry is what the official dictionary says about a word.
type Entry struct {
	Headword     string
	Variants     []string // alternative accepted spellings
	PartOfSpeech string
	Origin       string
	Definition   string
}

// Accepts reports whether spelling is the headword or one of its variants.
// Comparison is case-insensitive unless strict is set.
func (e Entry) Accepts(spelling string, strict bool) bool {
	for _, s := range e.Spellings() {
		if strict && s == spelling {
			return true
		}
		if !strict && strings.EqualFold(s, spelling) {
			return true
		}
	}
	return false
}

// Spellings returns the headword followed by its variants.
func (e Entry) Spellings() []string {
	out := make([]string, 0, 1+len(e.Variants))
	out = append(out, e.Headword)
	return append(out, e.Variants...)
}

// Dictionary is the authority the judge consults. Production deployments
// talk to a remote lexicon service; tests and practice rounds use MapDictionary.
type Dictionary interface {
	Lookup(ctx context.Context, word string) (Entry, error)
}

// MapDictionary is an in-memory Dictionary keyed by lower-cased headword.
type MapDictionary struct {
	mu      sync.RWMutex
	entries map[string]Entry
}

// NewMapDictionary builds a dictionary from the given entries.
func NewMapDictionary(entries ...Entry) *MapDictionary {
	d := &MapDictionary{entries: make(map[string]Entry, len(entries))}
	for _, e := range entries {
		d.Add(e)
	}
	return d
}

// Add inserts or replaces an entry.
func (d *MapDictionary) Add(e Entry) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.entries[strings.ToLower(e.Headword)] = e
}

// Lookup implements Dictionary.
func (d *MapDictionary) Lookup(ctx context.Context, word string) (Entry, error) {
	if err := ctx.Err(); err != nil {
		return Entry{}, err
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	e, ok := d.entries[strings.ToLower(word)]
	if !ok {
		return Entry{}, ErrUnknownWord
	}
	return e, nil
}

// Words returns all headwords in alphabetical order.
func (d *MapDictionary) Words() []string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := make([]string, 0, len(d.entries))
	for _, e := range d.entries {
		out = append(out, e.Headword)
	}
	sort.Strings(out)
	return out
}
