package tasks

import "testing"

func TestAdd(t *testing.T) {
	m := NewManager() // want "goroutine blocks forever sending on `m.changed`"
	m.started = true
	m.Add("a", func() error { return nil })
	if len(m.tasks) != 1 {
		t.Fatal("task not added")
	}
}

func TestWaitForDone(t *testing.T) {
	s := &Server{done: make(chan struct{}), started: true}
	go func() { // want "goroutine blocks forever receiving from `s.done`"
		s.WaitForDone()
	}()
}
