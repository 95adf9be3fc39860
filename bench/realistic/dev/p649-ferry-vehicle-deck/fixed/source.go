package vehicledeck

import (
	"context"
	"errors"
	"time"
)

// VehiclePage is one page of the booking system's vehicle manifest.
type VehiclePage struct {
	Vehicles      []Vehicle
	NextPageToken string
}

// BookingSource is the reservation system the manifest is read from.
type BookingSource interface {
	ListVehicles(ctx context.Context, sailingID, pageToken string, limit int) (VehiclePage, error)
}

// ErrTemporary may be wrapped by a BookingSource to ask for a retry.
var ErrTemporary = errors.New("vehicledeck: temporary booking system error")

type manifestItem struct {
	vehicle Vehicle
	err     error
}

// streamManifest pages through the booking system and yields the vehicles
// of a sailing in check-in order.
func streamManifest(ctx context.Context, src BookingSource, sailingID string, pageSize, retries int, backoff time.Duration) <-chan manifestItem {
	out := make(chan manifestItem)
	go func() {
		defer close(out)
		token := ""
		for {
			page, err := fetchPage(ctx, src, sailingID, token, pageSize, retries, backoff)
			if err != nil {
				out <- manifestItem{err: err}
				return
			}
			for _, v := range page.Vehicles {
				select {
				case out <- manifestItem{vehicle: v}:
				case <-ctx.Done():
					return
				}
			}
			if page.NextPageToken == "" {
				return
			}
			token = page.NextPageToken
		}
	}()
	return out
}

func fetchPage(ctx context.Context, src BookingSource, sailingID, token string, pageSize, retries int, backoff time.Duration) (VehiclePage, error) {
	var lastErr error
	for attempt := 0; attempt <= retries; attempt++ {
		if attempt > 0 {
			t := time.NewTimer(backoff << (attempt - 1))
			select {
			case <-ctx.Done():
				t.Stop()
				return VehiclePage{}, ctx.Err()
			case <-t.C:
			}
		}
		page, err := src.ListVehicles(ctx, sailingID, token, pageSize)
		if err == nil {
			return page, nil
		}
		if !errors.Is(err, ErrTemporary) {
			return VehiclePage{}, err
		}
		lastErr = err
	}
	return VehiclePage{}, lastErr
}
