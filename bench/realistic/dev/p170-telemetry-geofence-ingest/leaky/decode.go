package telemetry

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// decode parses r on its own goroutine and streams the readings. The error
// channel receives exactly one value (nil on clean EOF) after readings is
// closed.
func decode(ctx context.Context, r io.Reader) (<-chan Reading, <-chan error) {
	out := make(chan Reading)
	errc := make(chan error, 1)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(r)
		line := 0
		for sc.Scan() {
			line++
			text := strings.TrimSpace(sc.Text())
			if text == "" || strings.HasPrefix(text, "#") {
				continue
			}
			rd, err := parseLine(text)
			if err != nil {
				errc <- fmt.Errorf("line %d: %w", line, err)
				return
			}
			rd.Line = line
			select { // leak: Ingest returns early on a bad reading without cancelling ctx, so nobody receives and ctx never ends
			case out <- rd:
			case <-ctx.Done():
				errc <- ctx.Err()
				return
			}
		}
		errc <- sc.Err()
	}()
	return out, errc
}

func parseLine(text string) (Reading, error) {
	f := strings.Split(text, ",")
	if len(f) != 4 {
		return Reading{}, fmt.Errorf("want 4 fields, got %d", len(f))
	}
	lat, err := strconv.ParseFloat(strings.TrimSpace(f[1]), 64)
	if err != nil {
		return Reading{}, fmt.Errorf("latitude: %w", err)
	}
	lon, err := strconv.ParseFloat(strings.TrimSpace(f[2]), 64)
	if err != nil {
		return Reading{}, fmt.Errorf("longitude: %w", err)
	}
	ms, err := strconv.ParseInt(strings.TrimSpace(f[3]), 10, 64)
	if err != nil {
		return Reading{}, fmt.Errorf("timestamp: %w", err)
	}
	return Reading{
		VehicleID: strings.TrimSpace(f[0]),
		Lat:       lat,
		Lon:       lon,
		At:        time.UnixMilli(ms),
	}, nil
}
