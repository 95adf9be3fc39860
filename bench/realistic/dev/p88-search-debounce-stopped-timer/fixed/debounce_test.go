package searchbox

import (
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type titles []string

func (ts titles) Search(q string) ([]string, error) {
	var out []string
	for _, t := range ts {
		if strings.Contains(strings.ToLower(t), strings.ToLower(q)) {
			out = append(out, t)
		}
	}
	return out, nil
}

func TestOnlyThePauseSearches(t *testing.T) {
	defer goleak.VerifyNone(t)

	got := make(chan string, 4)
	box := NewBox(titles{"Go in Action", "Gone Girl", "The Go Programming Language"},
		60*time.Millisecond,
		func(q string, hits []string, err error) { got <- q })

	for _, text := range []string{"g", "go", "go ", "go p"} {
		box.Type(text)
		time.Sleep(5 * time.Millisecond)
	}
	select {
	case q := <-got:
		if q != "go p" {
			t.Fatalf("searched %q", q)
		}
	case <-time.After(time.Second):
		t.Fatal("no search after the pause")
	}
	if n := box.Queries(); n != 1 {
		t.Fatalf("%d queries", n)
	}
	box.Close()
}
