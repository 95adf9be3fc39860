package reconcile

import (
	"sort"
	"strings"
	"sync"
	"time"
)

// scoring weights for a candidate entry.
const (
	scoreExactReference = 60
	scorePartialRef     = 25
	scoreSameDay        = 30
	scorePerDayPenalty  = 5
)

// score rates how likely e settles line; higher is better, 0 means no.
func score(line StatementLine, e Entry) int {
	if e.Account != line.Account || e.AmountCents != line.AmountCents {
		return 0
	}
	s := 10
	ref := normaliseRef(line.Reference)
	eref := normaliseRef(e.Reference)
	switch {
	case ref != "" && ref == eref:
		s += scoreExactReference
	case ref != "" && eref != "" && (strings.Contains(ref, eref) || strings.Contains(eref, ref)):
		s += scorePartialRef
	case eref != "" && strings.Contains(normaliseRef(line.Description), eref):
		s += scorePartialRef
	}
	days := int(absDuration(line.Booked.Sub(e.Posted)) / (24 * time.Hour))
	if days == 0 {
		s += scoreSameDay
	} else {
		s -= days * scorePerDayPenalty
	}
	if s < 1 {
		s = 1
	}
	return s
}

func normaliseRef(r string) string {
	r = strings.ToUpper(strings.TrimSpace(r))
	return strings.NewReplacer(" ", "", "-", "", "/", "").Replace(r)
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

type scored struct {
	entry Entry
	score int
}

// rank returns the candidates that could settle line, best first.
func rank(line StatementLine, cands []Entry) []scored {
	out := make([]scored, 0, len(cands))
	for _, e := range cands {
		if s := score(line, e); s > 0 {
			out = append(out, scored{entry: e, score: s})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out
}

// claims makes sure one ledger entry settles at most one statement line
// when lines are matched concurrently.
type claims struct {
	mu    sync.Mutex
	taken map[string]string // entry id -> line id
}

func (c *claims) claim(entryID, lineID string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.taken[entryID]; ok {
		return false
	}
	c.taken[entryID] = lineID
	return true
}
