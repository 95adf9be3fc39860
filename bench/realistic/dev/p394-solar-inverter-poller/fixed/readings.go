package poller

import (
	"context"
	"fmt"
	"time"
)

// Register map of the inverters on this plant (holding registers, 0-based).
const (
	regBase        uint16 = 40000
	regCount       uint16 = 5
	statusFaultBit uint16 = 1 << 3
)

// Reading is one decoded sample from an inverter.
type Reading struct {
	ACPowerW  float64
	DCVoltage float64
	TempC     float64
	EnergyKWh float64
	Status    uint16
}

// Snapshot aggregates one poll across the plant.
type Snapshot struct {
	Taken       time.Time
	TotalPowerW float64
	Online      int
	Offline     []string
	Readings    map[string]Reading
}

type pollResult struct {
	inv     Inverter
	reading Reading
	err     error
}

// readInverter reads and decodes the register block of one inverter.
func (p *Poller) readInverter(ctx context.Context, inv Inverter) (Reading, error) {
	ctx, cancel := context.WithTimeout(ctx, p.cfg.ReadTimeout)
	defer cancel()
	regs, err := p.cfg.Client.ReadHoldingRegisters(ctx, inv.UnitID, regBase, regCount)
	if err != nil {
		return Reading{}, fmt.Errorf("read %s (unit %d): %w", inv.Name, inv.UnitID, err)
	}
	r, err := decode(regs)
	if err != nil {
		return Reading{}, fmt.Errorf("decode %s: %w", inv.Name, err)
	}
	return r, nil
}

// decode converts the raw register block. Power is in 10 W units, voltage
// and temperature in tenths, energy as a 16-bit count of 10 kWh.
func decode(regs []uint16) (Reading, error) {
	if len(regs) != int(regCount) {
		return Reading{}, fmt.Errorf("got %d registers, want %d", len(regs), regCount)
	}
	return Reading{
		ACPowerW:  float64(regs[0]) * 10,
		DCVoltage: float64(regs[1]) / 10,
		TempC:     float64(int16(regs[2])) / 10,
		EnergyKWh: float64(regs[3]) * 10,
		Status:    regs[4],
	}, nil
}

func aggregate(at time.Time, results []pollResult) Snapshot {
	s := Snapshot{Taken: at, Readings: make(map[string]Reading, len(results))}
	for _, r := range results {
		if r.err != nil {
			s.Offline = append(s.Offline, r.inv.Name)
			continue
		}
		s.Online++
		s.TotalPowerW += r.reading.ACPowerW
		s.Readings[r.inv.Name] = r.reading
	}
	return s
}
