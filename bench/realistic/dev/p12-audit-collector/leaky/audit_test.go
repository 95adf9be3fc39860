package audit

import (
	"testing"

	"go.uber.org/goleak"
)

func TestRecorderSummarises(t *testing.T) {
	defer goleak.VerifyNone(t)
	r := NewRecorder(8)
	for _, u := range []string{"ada", "bob", "ada", "cy", "ada", "bob"} {
		r.Record(Event{User: u, Action: "login"})
	}
	r.Stop()
	r.Record(Event{User: "late", Action: "login"})
	_ = r.TopUsers(2)
}
