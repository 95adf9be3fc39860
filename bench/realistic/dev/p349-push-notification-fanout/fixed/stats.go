package push

import "sync/atomic"

func (s *Sender) addDelivered(n int)   { atomic.AddInt64(&s.delivered, int64(n)) }
func (s *Sender) addFailed(n int)      { atomic.AddInt64(&s.failed, int64(n)) }
func (s *Sender) addInvalidated(n int) { atomic.AddInt64(&s.invalidated, int64(n)) }
