package rpcmux

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestCallAbandonedBeforeSlowReply(t *testing.T) {
	defer goleak.VerifyNone(t)
	client, server := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	callReturned := make(chan struct{})
	replied := make(chan struct{})
	go func() { // a slow server: it answers only once the caller has given up
		defer close(replied)
		line, err := bufio.NewReader(server).ReadString('\n')
		if err != nil {
			return
		}
		cancel()
		<-callReturned
		id := strings.Fields(line)[0]
		fmt.Fprintf(server, "%s ok pong\n", id)
	}()

	c := NewClient(client, WithName("inventory"), WithLogger(log.New(io.Discard, "", 0)))
	_, err := c.Call(ctx, "ping", "")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Call: got %v, want context.Canceled", err)
	}
	close(callReturned)
	<-replied
	c.Close()
	server.Close()
}
