// Package ota rolls a firmware image out to a fleet of sensors in waves, so
// that a bad image is stopped after the first few devices.
package ota

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrTooManyFailures aborts a rollout once more devices failed than allowed.
var ErrTooManyFailures = errors.New("ota: too many failed devices")

// Image is a signed firmware build.
type Image struct {
	Version  string
	SHA256   string
	Size     int64
	Hardware string
}

// Device is a sensor as known to the fleet registry.
type Device struct {
	ID       string
	Hardware string
	Firmware string
}

// Pusher delivers an image to one device and returns once the device has
// confirmed the install.
type Pusher interface {
	Push(ctx context.Context, dev Device, img Image) error
}

// Plan says how an image is rolled out.
type Plan struct {
	Image       Image
	WaveSize    int
	WaveTimeout time.Duration
	MaxFailures int
}

// Validate checks a plan before any device is touched.
func (p Plan) Validate() error {
	switch {
	case p.Image.Version == "":
		return errors.New("ota: plan has no image version")
	case p.WaveSize <= 0:
		return fmt.Errorf("ota: wave size %d must be positive", p.WaveSize)
	case p.WaveTimeout <= 0:
		return fmt.Errorf("ota: wave timeout %v must be positive", p.WaveTimeout)
	}
	return nil
}

// eligible tells whether dev should receive img, and why not.
func eligible(dev Device, img Image) (bool, string) {
	if dev.Hardware != img.Hardware {
		return false, "hardware " + dev.Hardware
	}
	if dev.Firmware == img.Version {
		return false, "already on " + img.Version
	}
	return true, ""
}

// waves splits devices into consecutive groups of at most size devices.
func waves(devices []Device, size int) [][]Device {
	var out [][]Device
	for len(devices) > size {
		out = append(out, devices[:size])
		devices = devices[size:]
	}
	if len(devices) > 0 {
		out = append(out, devices)
	}
	return out
}
