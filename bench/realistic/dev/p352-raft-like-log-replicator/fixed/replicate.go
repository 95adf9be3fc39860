package replication

import (
	"sort"
	"time"
)

// replicate ships entries to one follower for as long as the leader leads.
// The leader lock is held except around the RPC and the retry pause.
func (l *Leader) replicate(p *peer) {
	defer l.wg.Done()
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		for !l.stopped && p.nextIndex > l.lastIndex() {
			l.cond.Wait()
		}
		if l.stopped {
			return
		}
		req := l.appendRequestLocked(p)

		l.mu.Unlock()
		resp, err := l.transport.AppendEntries(l.ctx, p.id, req)
		if err != nil && l.ctx.Err() == nil {
			l.logger.Printf("replication: append to %s at %d: %v", p.id, req.PrevLogIndex+1, err)
			select {
			case <-time.After(l.backoff):
			case <-l.ctx.Done():
			}
		}
		l.mu.Lock()

		if err != nil {
			continue
		}
		l.handleResponseLocked(p, req, resp)
	}
}

// appendRequestLocked builds the next AppendEntries for p.
func (l *Leader) appendRequestLocked(p *peer) AppendRequest {
	prev := p.nextIndex - 1
	end := l.lastIndex()
	if end-prev > uint64(l.maxBatch) {
		end = prev + uint64(l.maxBatch)
	}
	batch := make([]Entry, end-prev)
	copy(batch, l.entries[prev:end])
	return AppendRequest{
		Term:         l.term,
		LeaderID:     l.id,
		PrevLogIndex: prev,
		PrevLogTerm:  l.termAt(prev),
		Entries:      batch,
		LeaderCommit: l.commitIndex,
	}
}

// handleResponseLocked updates p's progress from a follower's answer.
func (l *Leader) handleResponseLocked(p *peer, req AppendRequest, resp AppendResponse) {
	if resp.Term > l.term {
		l.stepDownLocked(resp.Term)
		return
	}
	if l.stopped || req.Term != l.term {
		return
	}
	if resp.Success {
		match := req.PrevLogIndex + uint64(len(req.Entries))
		if match > p.matchIndex {
			p.matchIndex = match
		}
		p.nextIndex = p.matchIndex + 1
		l.advanceCommitLocked()
		return
	}
	// The follower's log diverges before nextIndex: walk back, jumping to
	// the follower's hint when it has one.
	switch {
	case resp.ConflictIndex > 0 && resp.ConflictIndex < p.nextIndex:
		p.nextIndex = resp.ConflictIndex
	case p.nextIndex > 1:
		p.nextIndex--
	}
	if p.nextIndex <= p.matchIndex {
		p.nextIndex = p.matchIndex + 1
	}
}

// advanceCommitLocked moves commitIndex to the highest index stored on a
// majority, counting the leader itself. Only entries from the current term
// are committed directly.
func (l *Leader) advanceCommitLocked() {
	matches := make([]uint64, 0, len(l.peers)+1)
	matches = append(matches, l.lastIndex())
	for _, p := range l.peers {
		matches = append(matches, p.matchIndex)
	}
	sort.Slice(matches, func(i, j int) bool { return matches[i] > matches[j] })
	n := matches[len(matches)/2]
	if n <= l.commitIndex || l.termAt(n) != l.term {
		return
	}
	l.commitIndex = n
	select {
	case l.commits <- n:
	default:
	}
}
