package invoker

import (
	"context"
	"fmt"
	"sync"
)

type call struct {
	ctx     context.Context
	payload []byte
	reply   chan<- result
}

type result struct {
	out []byte
	err error
}

// instance is one running copy of the function. It executes the calls sent
// on its channel one at a time.
type instance struct {
	id       int
	handler  Handler
	calls    chan call
	stopOnce sync.Once
}

func startInstance(id int, h Handler) *instance {
	inst := &instance{id: id, handler: h, calls: make(chan call)}
	go inst.serve()
	return inst
}

func (inst *instance) serve() {
	for c := range inst.calls { // leak: an instance dropped after a timeout is never retired, so its calls channel stays open
		out, err := inst.run(c)
		c.reply <- result{out: out, err: err}
	}
}

// run executes one call, turning a panic in the function into an error.
func (inst *instance) run(c call) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("function panicked: %v", r)
		}
	}()
	return inst.handler(c.ctx, c.payload)
}

// retire stops the instance once its current call, if any, is done.
func (inst *instance) retire() {
	inst.stopOnce.Do(func() { close(inst.calls) })
}
