package diskmon

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestAlarmAboveThreshold(t *testing.T) {
	defer goleak.VerifyNone(t)
	m := Start(func(v string) (float64, error) {
		if v == "/var" {
			return 0.97, nil
		}
		return 0.2, nil
	}, time.Millisecond, 0.9, "/", "/var")
	for len(m.Alarms()) == 0 {
		time.Sleep(time.Millisecond)
	}
	m.Stop()
}
