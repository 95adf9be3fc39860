package fp

import "errors"

type rdt05 struct {
	errorChan chan error
	cores     []string
}

// Zero value: the channel is made later by initialize.
func newRdt05() *rdt05 { return &rdt05{} }

func (r *rdt05) initialize() error {
	r.errorChan = make(chan error, 1)
	if len(r.cores) == 0 {
		return errors.New("no cores")
	}
	return nil
}

func (r *rdt05) Start() error {
	if err := r.initialize(); err != nil {
		return err // goroutine not started
	}
	go r.check() // r.errorChan is non-nil here
	return nil
}

func (r *rdt05) check() {
	r.errorChan <- errors.New("pid changed") // one send, buffer of 1
}

func (r *rdt05) Err() error { return <-r.errorChan }
