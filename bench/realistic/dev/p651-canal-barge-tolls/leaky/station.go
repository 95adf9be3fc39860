package tolls

import (
	"context"
	"fmt"
	"sync"
)

type chargeReq struct {
	ctx     context.Context
	passage Passage
	reply   chan chargeReply
}

type chargeReply struct {
	receipt Receipt
	err     error
}

type station struct {
	lock   LockConfig
	ledger Ledger
	log    Logger
	reqs   chan chargeReq

	mu       sync.Mutex
	seq      int
	takenCts int64
}

func (s *station) run() {
	for req := range s.reqs { // leak: Close never closes the queue of a lock started on demand
		r, err := s.charge(req)
		req.reply <- chargeReply{receipt: r, err: err}
	}
	t := s.total()
	s.log.Printf("station %s (%s) closed: %d receipts, EUR %d.%02d",
		s.lock.ID, s.lock.Name, t.Receipts, t.Cents/100, t.Cents%100)
}

func (s *station) charge(req chargeReq) (Receipt, error) {
	if err := req.ctx.Err(); err != nil {
		return Receipt{}, err
	}
	p := req.passage
	s.mu.Lock()
	next := s.seq + 1
	s.mu.Unlock()

	r := Receipt{
		Number:      fmt.Sprintf("%s-%06d", s.lock.ID, next),
		LockID:      s.lock.ID,
		ENI:         p.Barge.ENI,
		AmountCents: s.lock.Tariff.Price(p),
		Passage:     p,
	}
	if err := s.ledger.Post(req.ctx, r); err != nil {
		return Receipt{}, fmt.Errorf("tolls: posting %s for %s (%s): %w", r.Number, p.Barge.Name, p.Barge.ENI, err)
	}

	s.mu.Lock()
	s.seq = next
	s.takenCts += r.AmountCents
	s.mu.Unlock()
	return r, nil
}

func (s *station) total() LockTotal {
	s.mu.Lock()
	defer s.mu.Unlock()
	return LockTotal{LockID: s.lock.ID, Receipts: s.seq, Cents: s.takenCts}
}
