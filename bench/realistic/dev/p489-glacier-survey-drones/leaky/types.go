package survey

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
)

// DroneID identifies one airframe in the survey fleet.
type DroneID string

// Leg is one transect flown by a single drone. Frames is the number of
// ground-penetrating radar frames the drone buffers on board for the leg.
type Leg struct {
	Drone    DroneID
	Transect string
	Frames   int
}

// Frame is a single radar return as recorded by the drone.
type Frame struct {
	Seq       int
	Lat       float64
	Lon       float64
	AltitudeM float64
	IceDepthM float64
	Checksum  uint32
}

// Quality grades a sample based on flight conditions at the time it was taken.
type Quality int

const (
	QualityGood Quality = iota
	QualityMarginal
)

// Sample is the processed form of a frame as written to the archive.
type Sample struct {
	Transect string
	Drone    DroneID
	Seq      int
	Lat      float64
	Lon      float64
	DepthM   float64
	Quality  Quality
}

// Uplink is the radio link to the fleet.
type Uplink interface {
	FetchFrame(ctx context.Context, drone DroneID, transect string, seq int) (Frame, error)
}

// SampleStore persists processed samples.
type SampleStore interface {
	Append(ctx context.Context, transect string, samples []Sample) error
}

// Logger is the subset of *log.Logger used by the surveyor.
type Logger interface {
	Printf(format string, args ...interface{})
}

var (
	// ErrCorruptFrame is returned when a frame fails its checksum.
	ErrCorruptFrame = errors.New("survey: corrupt radar frame")
	// ErrLinkLost is returned when the uplink keeps failing after retries.
	ErrLinkLost = errors.New("survey: uplink lost")
)

// ComputeChecksum returns the CRC32 the flight controller stamps on a frame.
func ComputeChecksum(f Frame) uint32 {
	var buf [8 * 5]byte
	binary.LittleEndian.PutUint64(buf[0:], uint64(f.Seq))
	binary.LittleEndian.PutUint64(buf[8:], math.Float64bits(f.Lat))
	binary.LittleEndian.PutUint64(buf[16:], math.Float64bits(f.Lon))
	binary.LittleEndian.PutUint64(buf[24:], math.Float64bits(f.AltitudeM))
	binary.LittleEndian.PutUint64(buf[32:], math.Float64bits(f.IceDepthM))
	return crc32.ChecksumIEEE(buf[:])
}

func (f Frame) verify() error {
	if got := ComputeChecksum(f); got != f.Checksum {
		return fmt.Errorf("%w: seq %d checksum %08x, want %08x", ErrCorruptFrame, f.Seq, f.Checksum, got)
	}
	if f.Lat < -90 || f.Lat > 90 || f.Lon < -180 || f.Lon > 180 {
		return fmt.Errorf("%w: seq %d position out of range", ErrCorruptFrame, f.Seq)
	}
	return nil
}
