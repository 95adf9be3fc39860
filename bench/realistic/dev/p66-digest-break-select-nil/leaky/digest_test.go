package digest

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestFinalRoundOnClose(t *testing.T) {
	defer goleak.VerifyNone(t)

	in := make(chan Notification)
	b := Start(in, WithWindow(time.Hour), WithMaxItems(2))

	now := time.Now()
	in <- Notification{User: "kim", Kind: "mention", Subject: "standup notes", At: now}
	in <- Notification{User: "lee", Kind: "review", Subject: "PR #12", At: now}
	in <- Notification{User: "kim", Kind: "review", Subject: "PR #13", At: now}
	in <- Notification{User: "kim", Kind: "mention", Subject: "retro", At: now}
	close(in)

	got := map[string]int{}
	for i := 0; i < 2; i++ {
		d := <-b.Out()
		got[d.User] = len(d.Items)
	}
	if got["kim"] != 2 || got["lee"] != 1 {
		t.Fatalf("digests = %v", got)
	}
}
