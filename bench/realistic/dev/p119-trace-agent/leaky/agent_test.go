package traceagent

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestShutdownShipsQueuedSpans(t *testing.T) {
	defer goleak.VerifyNone(t)

	var wire bytes.Buffer
	a := NewAgent(NewStreamExporter(&wire), Config{BatchSize: 4, FlushInterval: time.Minute})
	for i := 0; i < 3; i++ {
		start := time.Now()
		time.Sleep(2 * time.Millisecond) // the traced query
		a.Record(Span{TraceID: "t1", SpanID: fmt.Sprint(i), Name: "db.query", Start: start, Duration: time.Since(start)})
	}

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := a.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}

	var got int
	sc := bufio.NewScanner(&wire)
	for sc.Scan() {
		var env envelope
		if err := json.Unmarshal(sc.Bytes(), &env); err != nil {
			t.Fatalf("bad line %q: %v", sc.Text(), err)
		}
		got += len(env.Spans)
	}
	if got != 3 {
		t.Fatalf("shipped %d spans, want 3", got)
	}
}
