package sampling

import (
	"hash/fnv"
	"math"
)

// sampler decides which records of one tenant are kept. Records that carry a
// trace id are sampled by hashing the id, so every service keeps or drops
// the same traces; other records are kept one in every n.
type sampler struct {
	policy    Policy
	threshold uint32
	every     uint64
	seen      uint64
}

func newSampler(p Policy) *sampler {
	every := uint64(math.Round(1 / p.Rate))
	if every < 1 {
		every = 1
	}
	return &sampler{
		policy:    p,
		threshold: uint32(p.Rate * math.MaxUint32),
		every:     every,
	}
}

func (s *sampler) keep(r Record) bool {
	if r.Level >= s.policy.KeepLevel {
		return true
	}
	if s.policy.Rate >= 1 {
		return true
	}
	if r.TraceID != "" {
		h := fnv.New32a()
		h.Write([]byte(r.TraceID))
		return h.Sum32() <= s.threshold
	}
	s.seen++
	return (s.seen-1)%s.every == 0
}

// filter returns the kept records. It reuses the backing array of recs.
func (s *sampler) filter(recs []Record) []Record {
	kept := recs[:0]
	for _, r := range recs {
		if s.keep(r) {
			kept = append(kept, r)
		}
	}
	return kept
}
