package translate

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Backend is the remote translation service. One call translates every text
// of a batch from Source to Target and returns the translations in order.
type Backend interface {
	TranslateBatch(ctx context.Context, req BatchRequest) ([]string, error)
}

// BatchRequest is a single call to the backend.
type BatchRequest struct {
	Source string // BCP 47 language tag, or "" to auto-detect
	Target string
	Texts  []string
}

var (
	// ErrClosed is returned for requests made after Close.
	ErrClosed = errors.New("translate: client closed")
	// ErrMalformedResponse is returned when the backend answers with the
	// wrong number of translations.
	ErrMalformedResponse = errors.New("translate: malformed backend response")
)

// langPair groups requests that can share a backend call.
type langPair struct {
	source, target string
}

func (p langPair) String() string {
	src := p.source
	if src == "" {
		src = "auto"
	}
	return fmt.Sprintf("%s->%s", src, p.target)
}

// result is what a waiting caller receives.
type result struct {
	text string
	err  error
}

// call is one caller waiting for a translation.
type call struct {
	slot int // index of the caller's text in the batch request
	out  chan result
}

// batch accumulates calls for one language pair until it is flushed. Equal
// texts share a slot so they are only sent once.
type batch struct {
	pair  langPair
	texts []string
	slots map[string]int
	calls []*call
	timer *time.Timer
}

func newBatch(p langPair) *batch {
	return &batch{pair: p, slots: make(map[string]int)}
}

// add registers text and returns the call the caller should wait on.
func (b *batch) add(text string) *call {
	slot, ok := b.slots[text]
	if !ok {
		slot = len(b.texts)
		b.texts = append(b.texts, text)
		b.slots[text] = slot
	}
	c := &call{slot: slot, out: make(chan result)}
	b.calls = append(b.calls, c)
	return c
}
