package flightlog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memSource struct {
	logs map[string]string
}

func (m *memSource) Open(_ context.Context, tracker string, day time.Time) (io.ReadCloser, error) {
	body, ok := m.logs[tracker+"/"+day.Format("2006-01-02")]
	if !ok {
		return nil, os.ErrNotExist
	}
	return io.NopCloser(strings.NewReader(body)), nil
}

// flight builds a log of n fixes heading north-east from the mews.
func flight(tracker string, start time.Time, n int, stepDeg float64) []string {
	lines := []string{"# tracker,timestamp,lat,lon,alt_m,battery_pct,satellites"}
	for i := 0; i < n; i++ {
		lines = append(lines, fmt.Sprintf("%s,%s,%.6f,%.6f,%.1f,%d,%d",
			tracker,
			start.Add(time.Duration(i)*10*time.Second).Format(time.RFC3339),
			51.4000+float64(i)*stepDeg,
			-1.3000+float64(i)*stepDeg,
			120+float64(i%7)*15,
			80-i/4,
			7))
	}
	return lines
}

func TestSummarizeDayStrict(t *testing.T) {
	day := time.Date(2023, 10, 14, 0, 0, 0, 0, time.UTC)
	start := day.Add(9 * time.Hour)

	hawk := flight("harris-03", start, 40, 0.0002)
	peregrine := flight("peregrine-11", start, 60, 0.0004)
	kestrel := flight("kestrel-07", start, 80, 0.0001)
	// A multipath reflection throws one fix several kilometres off course.
	kestrel[25] = fmt.Sprintf("kestrel-07,%s,51.4900,-1.2000,130.0,75,4",
		start.Add(24*10*time.Second).Format(time.RFC3339))

	src := &memSource{logs: map[string]string{
		"harris-03/2023-10-14":    strings.Join(hawk, "\n"),
		"peregrine-11/2023-10-14": strings.Join(peregrine, "\n"),
		"kestrel-07/2023-10-14":   strings.Join(kestrel, "\n"),
	}}

	a := NewAnalyzer(src,
		WithStrict(true),
		WithMinSatellites(4),
		WithLogger(log.New(io.Discard, "", 0)),
	)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	rep, err := a.SummarizeDay(ctx, day, []string{"harris-03", "kestrel-07", "peregrine-11"})
	if err != nil {
		t.Fatalf("SummarizeDay: %v", err)
	}
	if len(rep.Flights) != 2 {
		t.Fatalf("got %d flights, want 2:\n%s", len(rep.Flights), rep)
	}
	if rep.Flights[0].Tracker != "peregrine-11" {
		t.Errorf("longest flight = %s, want peregrine-11", rep.Flights[0].Tracker)
	}
	kerr, ok := rep.Failed["kestrel-07"]
	if !ok || !errors.Is(kerr, ErrImplausibleFix) {
		t.Fatalf("kestrel-07 error = %v, want ErrImplausibleFix", kerr)
	}
	var le *LineError
	if !errors.As(kerr, &le) || le.Line != 26 {
		t.Errorf("kestrel-07 error line = %+v, want line 26", le)
	}
	t.Log("\n" + rep.String())

	goleak.VerifyNone(t)
}
