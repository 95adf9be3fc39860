package fresh

import "time"

type alarmK2 struct {
	C    <-chan struct{}
	stop chan struct{}
}

func (a *alarmK2) Stop() { close(a.stop) }

// The goroutine waits on its stop channel or a timer, and the timer's case goes round
// to the deadline check, which ends the loop: nothing waits on `stop` for good,
// though nothing here stops the alarm (TIMER_CASE_COMES, LOOP_LEAVES_ELSEWHERE).
func newAlarmK2(until time.Time) *alarmK2 {
	fired := make(chan struct{})
	a := &alarmK2{C: fired, stop: make(chan struct{})}
	go func() {
		for {
			now := time.Now()
			if now.After(until) {
				close(fired)
				return
			}
			t := time.NewTimer(until.Sub(now))
			select {
			case <-a.stop:
				t.Stop()
				return
			case <-t.C:
				continue
			}
		}
	}()
	return a
}

func waitK2() {
	a := newAlarmK2(time.Now().Add(time.Second))
	<-a.C
}
