package leaky

import "testing"

func one() int { return 1 }

func TestFirst(t *testing.T) {
	if got := First([]func() int{one, one, one, one}); got != 1 {
		t.Fatalf("First = %d", got)
	}
}

func TestPoll(t *testing.T) {
	Poll(func() {})
}

func TestWait(t *testing.T) {
	Wait(func(f func()) { go f() })
}

func TestNothing(t *testing.T) {}
