// resume hands setupDone to the debugger, which may close it once the target runs;
// the deferred closeIfOpen closes it on every return otherwise (CLEANUP_UNDER_TEST),
// so the goroutine holding the state lock always gets past its receive.
package closedbydeferredhelper

import (
	"errors"
	"sync"
)

type debugger struct{}

func (d *debugger) command(name string, setupDone chan struct{}) (string, error) {
	if name == "" {
		return "", errors.New("no command")
	}
	closeIfOpen(setupDone)
	return "running", nil
}

func closeIfOpen(ch chan struct{}) {
	if ch != nil {
		select {
		case <-ch:
		default:
			close(ch)
		}
	}
}

type session struct {
	stateMu  sync.Mutex
	debugger *debugger
	halted   bool
}

func (s *session) resume(command string) (string, error) {
	setupDone := make(chan struct{})
	defer closeIfOpen(setupDone)
	s.stateMu.Lock()
	go func() {
		defer s.stateMu.Unlock()
		<-setupDone
	}()
	if s.halted {
		return "halted", nil
	}
	return s.debugger.command(command, setupDone)
}
