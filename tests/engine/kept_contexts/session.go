package watch

import (
	"context"
	"io"
)

// Session streams from a body until its context ends.
type Session struct {
	ctx    context.Context
	cancel context.CancelFunc
	body   io.ReadCloser
}

func Open(parent context.Context, open func(context.Context) (io.ReadCloser, error)) (*Session, error) {
	ctx, cancel := context.WithCancel(parent)
	body, err := open(ctx)
	if err != nil {
		cancel()
		return nil, err
	}
	s := &Session{ctx: ctx, cancel: cancel, body: body}
	go s.closeBodyOnCancel()
	return s, nil
}

func (s *Session) closeBodyOnCancel() {
	<-s.ctx.Done()
	s.body.Close()
}

func (s *Session) Close() error {
	return s.body.Close()
}
