package tail

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func next(t *testing.T, lines <-chan Line) Line {
	t.Helper()
	select {
	case l := <-lines:
		return l
	case <-time.After(time.Second):
		t.Fatal("no line")
	}
	return Line{}
}

func TestFollowSeesAppendedLines(t *testing.T) {
	defer goleak.VerifyNone(t)
	path := filepath.Join(t.TempDir(), "app.log")
	if err := os.WriteFile(path, []byte("booting\nready\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	lines, err := Follow(ctx, path, Options{Poll: time.Millisecond, FromStart: true})
	if err != nil {
		t.Fatal(err)
	}
	if l := next(t, lines); l.Text != "booting" {
		t.Fatalf("first line %q", l.Text)
	}
	if l := next(t, lines); l.Text != "ready" || l.Offset != 8 {
		t.Fatalf("second line %+v", l)
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("request id=7 ")
	f.WriteString("status=200\n")
	f.Close()
	if l := next(t, lines); l.Text != "request id=7 status=200" || l.Offset != 14 {
		t.Fatalf("appended line %+v", l)
	}
	cancel()
}
