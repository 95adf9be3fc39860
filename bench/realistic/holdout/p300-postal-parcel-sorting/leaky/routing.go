package sorting

import (
	"context"
	"fmt"
	"strings"
	"sync"
)

// ChutePlan maps delivery rounds to chutes. Rounds are matched on the
// longest postcode prefix.
type ChutePlan struct {
	mu       sync.RWMutex
	byPrefix map[string]int
	dpids    map[string]DeliveryPoint // precoded bulk mail
}

// NewChutePlan builds a plan from a round -> chute table keyed by postcode
// district prefix, e.g. "EH4" -> 12.
func NewChutePlan(prefixes map[string]int) *ChutePlan {
	p := &ChutePlan{byPrefix: map[string]int{}, dpids: map[string]DeliveryPoint{}}
	for k, v := range prefixes {
		p.byPrefix[normalisePostcode(k)] = v
	}
	return p
}

// AddDeliveryPoint registers a delivery point that bulk senders print as a
// DPID on their items.
func (p *ChutePlan) AddDeliveryPoint(dp DeliveryPoint) {
	p.mu.Lock()
	defer p.mu.Unlock()
	dp.Postcode = normalisePostcode(dp.Postcode)
	p.dpids[dp.DPID] = dp
}

// ChuteFor returns the chute for a resolved delivery point.
func (p *ChutePlan) ChuteFor(dp DeliveryPoint) (int, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.chuteLocked(normalisePostcode(dp.Postcode))
}

// ChuteForDPID returns the chute and round for a precoded delivery point.
func (p *ChutePlan) ChuteForDPID(dpid string) (int, string, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	dp, ok := p.dpids[dpid]
	if !ok {
		return 0, "", fmt.Errorf("%w: dpid %s", ErrUnknownRoute, dpid)
	}
	chute, err := p.chuteLocked(dp.Postcode)
	return chute, dp.Round, err
}

func (p *ChutePlan) chuteLocked(pc string) (int, error) {
	for n := len(pc); n > 0; n-- {
		if c, ok := p.byPrefix[pc[:n]]; ok {
			return c, nil
		}
	}
	return 0, fmt.Errorf("%w: %s", ErrNoRoute, pc)
}

func normalisePostcode(pc string) string {
	return strings.ToUpper(strings.ReplaceAll(pc, " ", ""))
}

type resolution struct {
	chute int
	round string
	err   error
}

// resolve looks the parcel's address up in the directory and maps it to a
// chute. The answer is delivered on the returned channel.
func (s *Sorter) resolve(ctx context.Context, p Parcel) <-chan resolution {
	out := make(chan resolution)
	go func() {
		var res resolution
		dp, err := s.dir.Lookup(ctx, p.Postcode, p.Street)
		if err != nil {
			res.err = fmt.Errorf("directory: %w", err)
		} else {
			res.round = dp.Round
			res.chute, res.err = s.cfg.Plan.ChuteFor(dp)
		}
		out <- res // leak: unbuffered, and nobody receives once the decision timed out
	}()
	return out
}
