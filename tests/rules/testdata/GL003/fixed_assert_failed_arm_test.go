package assertfailedarm

import (
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The early return follows a failed assert: testify has already marked the test
// failed, so that path does not count.
func TestEcho(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if !assert.NoError(t, err) {
		return
	}
	defer l.Close()
	done := make(chan struct{})
	go func() {
		c, err := l.Accept()
		if err == nil {
			c.Close()
		}
		<-done
	}()
	c, err := net.Dial("tcp", l.Addr().String())
	if !assert.NoError(t, err) {
		return
	}
	c.Close()
	close(done)
}
