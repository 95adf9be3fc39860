package alarm

import (
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestAcknowledgedAlarmIsNotPaged(t *testing.T) {
	defer goleak.VerifyNone(t)

	var (
		mu    sync.Mutex
		paged []string
	)
	e, err := NewEvaluator(Config{
		Threshold:     80,
		Debounce:      3,
		EscalateAfter: 30 * time.Millisecond,
		Page: func(a Alarm) {
			mu.Lock()
			paged = append(paged, a.Sensor)
			mu.Unlock()
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()

	now := time.Now()
	raised := false
	for i, v := range []float64{85, 90, 70, 81, 95, 99} {
		raised = e.Observe(Reading{Sensor: "boiler-2", Value: v, At: now.Add(time.Duration(i) * time.Millisecond)}) || raised
	}
	if !raised {
		t.Fatal("three consecutive readings above threshold did not raise an alarm")
	}
	if err := e.Ack("boiler-2"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)

	mu.Lock()
	defer mu.Unlock()
	if len(paged) != 0 {
		t.Fatalf("paged %v after acknowledgement", paged)
	}
}
