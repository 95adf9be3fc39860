package cmdgw

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeDevice is a device connection that acknowledges every command it
// receives.
type fakeDevice struct {
	addr      string
	in        chan Frame
	closed    chan struct{}
	closeOnce sync.Once

	mu      sync.Mutex
	written []Frame
}

func newFakeDevice(addr string) *fakeDevice {
	return &fakeDevice{addr: addr, in: make(chan Frame, 16), closed: make(chan struct{})}
}

func (d *fakeDevice) ReadFrame() (Frame, error) {
	select {
	case f := <-d.in:
		return f, nil
	case <-d.closed:
		return Frame{}, io.EOF
	}
}

func (d *fakeDevice) WriteFrame(f Frame) error {
	select {
	case <-d.closed:
		return errors.New("write on closed connection")
	default:
	}
	d.mu.Lock()
	d.written = append(d.written, f)
	d.mu.Unlock()
	if f.Kind == KindCommand {
		d.in <- Frame{Kind: KindAck, DeviceID: f.DeviceID, Ack: &Ack{
			CommandID: f.ID,
			Status:    AckOK,
			At:        time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
		}}
	}
	return nil
}

func (d *fakeDevice) Close() error {
	d.closeOnce.Do(func() { close(d.closed) })
	return nil
}

func (d *fakeDevice) RemoteAddr() string { return d.addr }

func (d *fakeDevice) isClosed() bool {
	select {
	case <-d.closed:
		return true
	default:
		return false
	}
}

func (d *fakeDevice) commands() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.written)
}

func sequentialIDs() func() string {
	var mu sync.Mutex
	n := 0
	return func() string {
		mu.Lock()
		defer mu.Unlock()
		n++
		return fmt.Sprintf("cmd-%d", n)
	}
}

func TestCommandsFollowReconnectedDevice(t *testing.T) {
	defer goleak.VerifyNone(t)

	ctx := context.Background()
	g := New(Config{AckTimeout: 5 * time.Second, NewID: sequentialIDs(), Logf: t.Logf})
	setTarget := Command{Name: "set_target", Params: map[string]string{"celsius": "21"}}

	first := newFakeDevice("10.20.0.7:51234")
	if err := g.Attach("thermostat-7", first); err != nil {
		t.Fatalf("Attach: %v", err)
	}
	ack, err := g.SendCommand(ctx, "thermostat-7", setTarget)
	if err != nil {
		t.Fatalf("SendCommand over first connection: %v", err)
	}
	if ack.CommandID != "cmd-1" || ack.Status != AckOK {
		t.Fatalf("ack = %+v", ack)
	}

	// The device drops off Wi-Fi and reconnects before the gateway notices
	// the old connection is dead.
	second := newFakeDevice("10.20.0.7:51290")
	if err := g.Attach("thermostat-7", second); err != nil {
		t.Fatalf("re-Attach: %v", err)
	}
	if !first.isClosed() {
		t.Fatal("superseded connection was not closed")
	}

	ack, err = g.SendCommand(ctx, "thermostat-7", setTarget)
	if err != nil {
		t.Fatalf("SendCommand over second connection: %v", err)
	}
	if ack.CommandID != "cmd-2" {
		t.Fatalf("ack = %+v", ack)
	}
	if first.commands() != 1 || second.commands() != 1 {
		t.Fatalf("commands written: first=%d second=%d, want 1 each", first.commands(), second.commands())
	}

	if err := g.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if g.Connected("thermostat-7") {
		t.Fatal("device still connected after Close")
	}
}
