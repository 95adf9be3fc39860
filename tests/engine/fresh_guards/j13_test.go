package fresh

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

type pollerJ13 struct {
	onTick func()
	quit   chan struct{}
}

func newPollerJ13() (*pollerJ13, error) {
	return &pollerJ13{quit: make(chan struct{})}, nil
}

// Start refuses to run without a callback, before it starts anything.
func (p *pollerJ13) Start() error {
	if p.onTick == nil {
		return errors.New("no callback")
	}
	go p.loop()
	return nil
}

func (p *pollerJ13) loop() {
	for {
		select {
		case <-p.quit:
			return
		case <-time.After(time.Second):
			p.onTick()
		}
	}
}

func (p *pollerJ13) Stop() { close(p.quit) }

// The test goes on only when Start failed, and Start fails only before its `go`
// (EXPECTED_TO_FAIL): nothing was started, nothing needs stopping.
func TestStartNeedsCallbackJ13(t *testing.T) {
	p, err := newPollerJ13()
	if err != nil {
		t.Fatal(err)
	}
	err = p.Start()
	if err == nil {
		t.Fatal("Start without a callback succeeded")
	}
}

// The same, asserted with testify's `require.Error`, which stops the test on nil.
func TestStartRequiresCallbackJ13(t *testing.T) {
	p, err := newPollerJ13()
	require.NoError(t, err)
	err = p.Start()
	require.Error(t, err)
}
