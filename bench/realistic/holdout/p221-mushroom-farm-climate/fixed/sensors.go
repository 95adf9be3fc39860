package climate

import (
	"context"
	"fmt"
	"time"
)

// Metric identifies what a sensor measures.
type Metric int

// Metrics understood by the controller.
const (
	Temperature Metric = iota // degrees Celsius
	Humidity                  // relative humidity, percent
	CO2                       // parts per million
)

func (m Metric) String() string {
	switch m {
	case Temperature:
		return "temperature"
	case Humidity:
		return "humidity"
	case CO2:
		return "co2"
	}
	return fmt.Sprintf("metric(%d)", int(m))
}

// Reading is one sensor sample.
type Reading struct {
	Metric Metric
	Value  float64
	At     time.Time
}

// Sensor is a probe on the room bus. Read should honour ctx, but not every
// driver does.
type Sensor interface {
	ID() string
	Metric() Metric
	Read(ctx context.Context) (Reading, error)
}

type sensorResult struct {
	reading Reading
	err     error
}

// readSensor reads one sensor, giving up after the configured timeout.
func (c *Controller) readSensor(ctx context.Context, s Sensor) (Reading, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.SensorTimeout)
	defer cancel()

	ch := make(chan sensorResult, 1)
	go func() {
		r, err := s.Read(ctx)
		ch <- sensorResult{reading: r, err: err}
	}()

	select {
	case res := <-ch:
		if res.err != nil {
			return Reading{}, fmt.Errorf("sensor %s: %w", s.ID(), res.err)
		}
		if res.reading.Metric != s.Metric() {
			return Reading{}, fmt.Errorf("sensor %s: reported %v, expected %v", s.ID(), res.reading.Metric, s.Metric())
		}
		return res.reading, nil
	case <-ctx.Done():
		return Reading{}, fmt.Errorf("sensor %s: %w", s.ID(), ctx.Err())
	}
}

// sample reads every sensor of the room. Readings of the same metric are
// averaged. A sensor that fails may be replaced by its last good reading
// if that is recent enough; the metric is then reported as stale.
func (c *Controller) sample(ctx context.Context, rs *roomState) (map[Metric]float64, []Metric, error) {
	sums := make(map[Metric]float64)
	counts := make(map[Metric]int)
	var stale []Metric
	now := c.cfg.Now()

	for _, s := range rs.room.Sensors {
		r, err := c.readSensor(ctx, s)
		if err != nil {
			prev, ok := rs.last[s.Metric()]
			if !ok || now.Sub(prev.At) > c.cfg.StaleAfter {
				return nil, nil, fmt.Errorf("no usable %v reading: %w", s.Metric(), err)
			}
			c.cfg.Logger.Printf("room %s: %v; using reading from %s", rs.room.Name, err, prev.At.Format(time.RFC3339))
			r = prev
			stale = append(stale, s.Metric())
		} else {
			if r.At.IsZero() {
				r.At = now
			}
			rs.last[s.Metric()] = r
		}
		sums[r.Metric] += r.Value
		counts[r.Metric]++
	}

	values := make(map[Metric]float64, len(sums))
	for m, sum := range sums {
		values[m] = sum / float64(counts[m])
	}
	for _, m := range []Metric{Temperature, Humidity, CO2} {
		if _, ok := values[m]; !ok {
			return nil, nil, fmt.Errorf("room has no %v sensor", m)
		}
	}
	return values, stale, nil
}
