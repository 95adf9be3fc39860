package cmdbus

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// frozenClock never fires, so acknowledgement timeouts only happen when a
// test wants them to.
type frozenClock struct{}

func (frozenClock) After(time.Duration) <-chan time.Time { return make(chan time.Time) }

// fakeDevice records the commands written to it and acknowledges each one
// through the bus, the way the MQTT ingest path would.
type fakeDevice struct {
	bus *Bus

	mu      sync.Mutex
	written []Command
}

func (d *fakeDevice) WriteCommand(ctx context.Context, cmd Command) error {
	d.mu.Lock()
	d.written = append(d.written, cmd)
	d.mu.Unlock()
	d.bus.HandleAck(Ack{CommandID: cmd.ID, Status: AckOK, Result: []byte("applied")})
	return nil
}

func (d *fakeDevice) commands() []Command {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]Command(nil), d.written...)
}

func TestSendAcrossReconnect(t *testing.T) {
	defer goleak.VerifyNone(t)

	ctx := context.Background()
	bus := New(WithClock(frozenClock{}), WithAckTimeout(time.Minute))

	first := &fakeDevice{bus: bus}
	if err := bus.Attach("thermostat-7", first); err != nil {
		t.Fatalf("attach: %v", err)
	}
	ack, err := bus.Send(ctx, Command{DeviceID: "thermostat-7", Name: "set-point", Payload: []byte("21.5")})
	if err != nil {
		t.Fatalf("send on first connection: %v", err)
	}
	if string(ack.Result) != "applied" {
		t.Fatalf("ack result = %q, want %q", ack.Result, "applied")
	}

	// The device drops off the network and comes back on a new connection.
	second := &fakeDevice{bus: bus}
	if err := bus.Attach("thermostat-7", second); err != nil {
		t.Fatalf("reattach: %v", err)
	}
	if _, err := bus.Send(ctx, Command{DeviceID: "thermostat-7", Name: "set-point", Payload: []byte("19")}); err != nil {
		t.Fatalf("send after reconnect: %v", err)
	}

	if got := len(first.commands()); got != 1 {
		t.Errorf("first connection got %d commands, want 1", got)
	}
	if got := second.commands(); len(got) != 1 || string(got[0].Payload) != "19" {
		t.Errorf("second connection got %+v, want the 19 set-point", got)
	}

	if err := bus.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if _, err := bus.Send(ctx, Command{DeviceID: "thermostat-7", Name: "reboot"}); !errors.Is(err, ErrClosed) {
		t.Fatalf("send after close: err = %v, want ErrClosed", err)
	}
}
