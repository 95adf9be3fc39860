package spellingbee

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrContestOver is returned when a turn is taken after a winner is known.
var ErrContestOver = errors.New("spellingbee: contest is over")

// ErrNotYourTurn is returned when a contestant spells out of order.
var ErrNotYourTurn = errors.New("spellingbee: not this contestant's turn")

// WordSource hands out the words to be asked, in order.
type WordSource interface {
	Next() (string, bool)
}

// SliceWords is a WordSource over a fixed list.
type SliceWords struct {
	words []string
	pos   int
}

// NewSliceWords returns a WordSource that yields words in order.
func NewSliceWords(words ...string) *SliceWords {
	return &SliceWords{words: words}
}

// Next implements WordSource.
func (s *SliceWords) Next() (string, bool) {
	if s.pos >= len(s.words) {
		return "", false
	}
	w := s.words[s.pos]
	s.pos++
	return w, true
}

// Contest runs a single-elimination spelling bee.
type Contest struct {
	judge *Judge
	words WordSource

	mu         sync.Mutex
	order      []string
	turn       int
	current    string
	eliminated map[string]bool
	history    []Ruling
}

// NewContest creates a contest between the named contestants.
func NewContest(judge *Judge, words WordSource, contestants ...string) *Contest {
	return &Contest{
		judge:      judge,
		words:      words,
		order:      append([]string(nil), contestants...),
		eliminated: make(map[string]bool),
	}
}

// Up returns the contestant whose turn it is and the word they must spell.
func (c *Contest) Up() (string, string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.remainingLocked() <= 1 {
		return "", "", ErrContestOver
	}
	if c.current == "" {
		w, ok := c.words.Next()
		if !ok {
			return "", "", fmt.Errorf("spellingbee: word list exhausted: %w", ErrContestOver)
		}
		c.current = w
	}
	return c.order[c.turn], c.current, nil
}

// Spell records contestant's attempt at the current word.
func (c *Contest) Spell(ctx context.Context, contestant, attempt string) (Ruling, error) {
	who, word, err := c.Up()
	if err != nil {
		return Ruling{}, err
	}
	if who != contestant {
		return Ruling{}, ErrNotYourTurn
	}

	r := c.judge.Rule(ctx, word, attempt)

	c.mu.Lock()
	defer c.mu.Unlock()
	c.history = append(c.history, r)
	switch r.Verdict {
	case Unverified:
		// Same contestant, same word: ask again once the dictionary is back.
		return r, nil
	case Incorrect:
		c.eliminated[contestant] = true
	}
	c.current = ""
	c.advanceLocked()
	return r, nil
}

func (c *Contest) advanceLocked() {
	if c.remainingLocked() <= 1 {
		return
	}
	for {
		c.turn = (c.turn + 1) % len(c.order)
		if !c.eliminated[c.order[c.turn]] {
			return
		}
	}
}

func (c *Contest) remainingLocked() int {
	n := 0
	for _, name := range c.order {
		if !c.eliminated[name] {
			n++
		}
	}
	return n
}

// Winner returns the last contestant standing, if any.
func (c *Contest) Winner() (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.remainingLocked() != 1 {
		return "", false
	}
	for _, name := range c.order {
		if !c.eliminated[name] {
			return name, true
		}
	}
	return "", false
}

// History returns a copy of all rulings so far.
func (c *Contest) History() []Ruling {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Ruling(nil), c.history...)
}
