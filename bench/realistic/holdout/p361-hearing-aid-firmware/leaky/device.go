package firmware

import (
	"context"
	"crypto/sha256"
	"errors"
)

// Side tells which ear a device is fitted to.
type Side int

const (
	Left Side = iota
	Right
)

func (s Side) String() string {
	if s == Left {
		return "left"
	}
	return "right"
}

// Info is the state a device reports before an update.
type Info struct {
	Model    string
	Firmware Version
	Battery  int // percent
	Side     Side
}

// Device is the radio link to one hearing aid. Implementations wrap the
// vendor's BLE stack; tests use an in-memory fake.
type Device interface {
	Serial() string
	Info(ctx context.Context) (Info, error)
	WriteBlock(ctx context.Context, offset int, block []byte) error
	Commit(ctx context.Context, digest [sha256.Size]byte) error
	Reboot(ctx context.Context) error
}

var (
	ErrModelMismatch = errors.New("firmware: image is for a different model")
	ErrUpToDate      = errors.New("firmware: device already runs this version or newer")
	ErrIncompatible  = errors.New("firmware: installed version too old for this image")
	ErrLowBattery    = errors.New("firmware: battery too low to update")
)

// Progress is called after each block is acknowledged by the device.
type Progress func(serial string, written, total int)
