package indexer

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// message is either a change to buffer or, when flush is set, a request to
// commit everything buffered so far.
type message struct {
	ev    ChangeEvent
	flush chan error
}

// batcher owns the pending changes of one collection. All of its state is
// confined to the run goroutine; other goroutines talk to it through in.
type batcher struct {
	collection string
	store      SegmentStore
	maxDocs    int
	timeout    time.Duration

	in   chan message
	done chan struct{}
	err  error // valid once done is closed

	docs     map[string]Document
	deletes  map[string]struct{}
	minSeq   uint64
	maxSeq   uint64
	segments int
	deferred error
}

func newBatcher(collection string, store SegmentStore, maxDocs int, timeout time.Duration) *batcher {
	return &batcher{
		collection: collection,
		store:      store,
		maxDocs:    maxDocs,
		timeout:    timeout,
		in:         make(chan message, 64),
		done:       make(chan struct{}),
		docs:       make(map[string]Document),
		deletes:    make(map[string]struct{}),
	}
}

func (b *batcher) run() {
	defer close(b.done)
	for msg := range b.in {
		if msg.flush != nil {
			err := b.commit()
			if err == nil {
				err = b.deferred
			}
			b.deferred = nil
			msg.flush <- err
			continue
		}
		b.add(msg.ev)
		if len(b.docs)+len(b.deletes) >= b.maxDocs {
			if err := b.commit(); err != nil {
				// Keep the batch; it is retried on the next commit and the
				// error is surfaced to the next Flush.
				b.deferred = err
			}
		}
	}
	b.err = b.commit()
}

func (b *batcher) add(ev ChangeEvent) {
	if b.minSeq == 0 {
		b.minSeq = ev.Seq
	}
	b.maxSeq = ev.Seq
	switch ev.Op {
	case OpUpsert:
		delete(b.deletes, ev.DocID)
		b.docs[ev.DocID] = Document{ID: ev.DocID, Fields: ev.Fields}
	case OpDelete:
		delete(b.docs, ev.DocID)
		b.deletes[ev.DocID] = struct{}{}
	}
}

// commit writes the pending changes as a new segment.
func (b *batcher) commit() error {
	if len(b.docs) == 0 && len(b.deletes) == 0 {
		return nil
	}
	seg := Segment{
		Collection: b.collection,
		ID:         fmt.Sprintf("%s-%06d", b.collection, b.segments+1),
		MinSeq:     b.minSeq,
		MaxSeq:     b.maxSeq,
	}
	for _, d := range b.docs {
		seg.Docs = append(seg.Docs, d)
	}
	sort.Slice(seg.Docs, func(i, j int) bool { return seg.Docs[i].ID < seg.Docs[j].ID })
	for id := range b.deletes {
		seg.Deletes = append(seg.Deletes, id)
	}
	sort.Strings(seg.Deletes)

	// Commits are not tied to the caller's context: abandoning a half
	// written segment is worse than finishing it.
	ctx, cancel := context.WithTimeout(context.Background(), b.timeout)
	defer cancel()
	if err := b.store.CommitSegment(ctx, seg); err != nil {
		return fmt.Errorf("commit segment %s: %w", seg.ID, err)
	}
	b.segments++
	b.docs = make(map[string]Document)
	b.deletes = make(map[string]struct{})
	b.minSeq, b.maxSeq = 0, 0
	return nil
}

func (b *batcher) send(ctx context.Context, msg message) error {
	select {
	case b.in <- msg:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (b *batcher) flush(ctx context.Context) error {
	reply := make(chan error, 1)
	if err := b.send(ctx, message{flush: reply}); err != nil {
		return err
	}
	select {
	case err := <-reply:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// stop commits whatever is pending and waits for the batcher to exit.
func (b *batcher) stop() error {
	close(b.in)
	<-b.done
	return b.err
}
