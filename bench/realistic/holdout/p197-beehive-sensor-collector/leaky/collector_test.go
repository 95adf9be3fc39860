package collector

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeGateway struct {
	mu     sync.Mutex
	frames map[string][]Frame
	fail   map[string]error
	calls  int
}

func newFakeGateway() *fakeGateway {
	return &fakeGateway{frames: map[string][]Frame{}, fail: map[string]error{}}
}

func (g *fakeGateway) push(hive string, kind uint8, value float64, at time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	seq := uint32(len(g.frames[hive]) + 1)
	raw := int32(value * 100)
	g.frames[hive] = append(g.frames[hive], Frame{
		HiveID: hive, Seq: seq, Kind: kind, Raw: raw,
		Sum: Checksum(seq, kind, raw), At: at,
	})
}

func (g *fakeGateway) Fetch(ctx context.Context, hive string, after uint32, limit int) ([]Frame, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.calls++
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := g.fail[hive]; err != nil {
		return nil, err
	}
	var out []Frame
	for _, f := range g.frames[hive] {
		if f.Seq > after && len(out) < limit {
			out = append(out, f)
		}
	}
	return out, nil
}

func fillHive(g *fakeGateway, hive string, n int, base time.Time, weight float64) {
	for i := 0; i < n; i++ {
		at := base.Add(time.Duration(i) * time.Minute)
		g.push(hive, 0x01, 34.5+float64(i%3)*0.1, at)
		g.push(hive, 0x02, 61+float64(i%5), at)
		g.push(hive, 0x03, weight+float64(i)*0.01, at)
	}
}

func TestChecksumErrorsAreDropped(t *testing.T) {
	defer goleak.VerifyNone(t)

	gw := newFakeGateway()
	base := time.Date(2024, 6, 1, 5, 0, 0, 0, time.UTC)
	fillHive(gw, "meadow-03", 4, base, 38)
	gw.mu.Lock()
	gw.frames["meadow-03"][5].Sum ^= 0xff
	gw.mu.Unlock()

	c, err := New(gw, []string{"meadow-03"})
	if err != nil {
		t.Fatal(err)
	}
	sums, err := c.Sweep(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if sums[0].Dropped != 1 || sums[0].Samples != 11 {
		t.Errorf("dropped=%d samples=%d, want 1/11", sums[0].Dropped, sums[0].Samples)
	}
}

func TestSweepWithGatewayOutage(t *testing.T) {
	defer goleak.VerifyNone(t)

	gw := newFakeGateway()
	hives := []string{"north-01", "north-02", "orchard-07"}
	base := time.Date(2024, 6, 1, 5, 0, 0, 0, time.UTC)
	for i, h := range hives {
		fillHive(gw, h, 10, base, 40+float64(i))
	}

	c, err := New(gw, hives, WithPageSize(8), WithSweepTimeout(2*time.Second))
	if err != nil {
		t.Fatal(err)
	}

	sums, err := c.Sweep(context.Background())
	if err != nil {
		t.Fatalf("first sweep: %v", err)
	}
	if len(sums) != len(hives) {
		t.Fatalf("got %d summaries, want %d", len(sums), len(hives))
	}
	for _, s := range sums {
		if s.Samples != 30 || s.LastSeq != 30 {
			t.Errorf("%s: samples=%d lastSeq=%d, want 30/30", s.HiveID, s.Samples, s.LastSeq)
		}
		if s.MeanBroodTemp < 34 || s.MeanBroodTemp > 35 {
			t.Errorf("%s: mean brood temp %.2f out of range", s.HiveID, s.MeanBroodTemp)
		}
	}

	// An hour later: fresh readings everywhere, but the gateway serving
	// north-02 stops answering.
	later := base.Add(time.Hour)
	for i, h := range hives {
		fillHive(gw, h, 12, later, 40.2+float64(i))
	}
	outage := errors.New("gateway north-02: i/o timeout")
	gw.mu.Lock()
	gw.fail["north-02"] = outage
	gw.mu.Unlock()

	_, err = c.Sweep(context.Background())
	if !errors.Is(err, outage) {
		t.Fatalf("second sweep: got %v, want %v", err, outage)
	}

	// north-01 was committed before the failure, so its cursor advanced.
	if got := c.lastSeq("north-01"); got != 66 {
		t.Errorf("north-01 cursor = %d, want 66", got)
	}
	if got := c.lastSeq("orchard-07"); got != 30 {
		t.Errorf("orchard-07 cursor = %d, want 30", got)
	}
}
