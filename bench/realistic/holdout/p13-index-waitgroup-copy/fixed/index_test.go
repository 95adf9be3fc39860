package index

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestBuild(t *testing.T) {
	defer goleak.VerifyNone(t)
	ix, complete := Build([]Doc{{1, "Go channels, go!"}, {2, "Channels and mutexes"}}, 20*time.Millisecond)
	if !complete {
		t.Log("indexing did not report completion")
	}
	if got := ix.Lookup("channels"); len(got) != 2 {
		t.Fatalf("channels in %v", got)
	}
}
