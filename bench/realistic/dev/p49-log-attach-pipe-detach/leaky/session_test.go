package attach

import (
	"bufio"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func containerLog(lines int) string {
	var b strings.Builder
	for i := 0; i < lines; i++ {
		fmt.Fprintf(&b, "2024-05-01T10:00:%02dZ worker: processed batch %d\n", i%60, i)
	}
	return b.String()
}

func TestDetachSlowClient(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := Attach("c0ffee", strings.NewReader(containerLog(2000)), WithBufferSize(4<<10))

	line, err := bufio.NewReader(s).ReadString('\n')
	if err != nil || !strings.Contains(line, "batch 0") {
		t.Fatalf("first line %q, %v", line, err)
	}
	// The client stops reading; wait until the copier has filled the buffer.
	for s.Pending() < 4<<10 {
		time.Sleep(time.Millisecond)
	}
	s.Detach()
}
