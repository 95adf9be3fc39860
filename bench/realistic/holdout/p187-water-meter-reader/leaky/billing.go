package meterread

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrNoReadings is returned when a billing period does not have the two
// readings needed to measure consumption.
var ErrNoReadings = errors.New("meterread: not enough readings to bill")

// Tier is one step of a volumetric tariff: water up to UpToLitres in the
// period is charged at CentsPerKL per kilolitre. The last tier's UpToLitres
// is ignored.
type Tier struct {
	UpToLitres uint32
	CentsPerKL int64
}

// Tariff is a fixed service charge plus tiered volumetric charges.
type Tariff struct {
	ServiceCents int64
	Tiers        []Tier
}

// Account is a billable customer account with one meter.
type Account struct {
	ID      string
	MeterID string
	Tariff  Tariff
}

// Bill is the charge for one account over one period.
type Bill struct {
	AccountID   string
	MeterID     string
	From, To    time.Time
	Litres      uint32
	AmountCents int64
}

// charge prices litres of consumption.
func (t Tariff) charge(litres uint32) int64 {
	total := t.ServiceCents
	var billed uint32
	for i, tier := range t.Tiers {
		if billed >= litres {
			break
		}
		upTo := litres
		if i < len(t.Tiers)-1 && tier.UpToLitres < litres {
			upTo = tier.UpToLitres
		}
		if upTo <= billed {
			continue
		}
		// Round each tier up to the next cent.
		total += (int64(upTo-billed)*tier.CentsPerKL + 999) / 1000
		billed = upTo
	}
	return total
}

// Bill prices the account's consumption between from and to, using the
// first and last stored readings in the period.
func (s *Service) Bill(ctx context.Context, acct Account, from, to time.Time) (Bill, error) {
	rs, err := s.cfg.Store.Readings(ctx, acct.MeterID, from, to)
	if err != nil {
		return Bill{}, fmt.Errorf("meterread: readings for meter %s: %w", acct.MeterID, err)
	}
	if len(rs) < 2 {
		return Bill{}, fmt.Errorf("%w: meter %s has %d readings between %s and %s",
			ErrNoReadings, acct.MeterID, len(rs), from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	first, last := rs[0], rs[len(rs)-1]
	// Unsigned subtraction also handles a register that wrapped.
	litres := last.Litres - first.Litres
	return Bill{
		AccountID:   acct.ID,
		MeterID:     acct.MeterID,
		From:        first.At,
		To:          last.At,
		Litres:      litres,
		AmountCents: acct.Tariff.charge(litres),
	}, nil
}
