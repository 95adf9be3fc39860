package tasks

import "testing"

func TestAdd(t *testing.T) {
	m := NewManager()
	m.Add("a", func() error { return nil })
	m.Add("b", func() error { return nil })
	if len(m.tasks) != 2 {
		t.Fatal("tasks not added")
	}
}

func TestWaitForDoneWhenNeverStarted(t *testing.T) {
	s := &Server{done: make(chan struct{})}
	finished := make(chan struct{})
	go func() {
		s.WaitForDone()
		close(finished)
	}()
	<-finished
}
