package uplink

import (
	"math/rand"
	"time"
)

// Backoff produces exponentially growing, jittered delays.
type Backoff struct {
	Initial time.Duration
	Max     time.Duration
	Factor  float64
	Jitter  float64

	cur time.Duration
	rnd *rand.Rand
}

// Next returns the delay before the next attempt.
func (b *Backoff) Next() time.Duration {
	if b.rnd == nil {
		b.rnd = rand.New(rand.NewSource(time.Now().UnixNano()))
	}
	if b.cur == 0 {
		b.cur = b.Initial
	} else {
		b.cur = time.Duration(float64(b.cur) * b.Factor)
	}
	if b.cur > b.Max {
		b.cur = b.Max
	}
	d := b.cur
	if b.Jitter > 0 {
		d += time.Duration(b.Jitter * float64(d) * b.rnd.Float64())
	}
	return d
}

// Reset starts the sequence over after a successful attempt.
func (b *Backoff) Reset() { b.cur = 0 }
