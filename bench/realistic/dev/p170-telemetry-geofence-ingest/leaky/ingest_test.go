package telemetry

import (
	"context"
	"errors"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestIngestRejectsBadCoordinate(t *testing.T) {
	defer goleak.VerifyNone(t)

	input := strings.Join([]string{
		"# vehicle,lat,lon,unix_millis",
		"van-7,52.37310,4.89220,1700000000000",
		"van-7,152.37400,4.89300,1700000005000",
		"van-7,52.37500,4.89400,1700000010000",
		"van-9,52.30000,4.76000,1700000010000",
	}, "\n")
	fences := []Fence{{Name: "depot-ams", Lat: 52.3731, Lon: 4.8922, RadiusM: 500}}

	var got []Tagged
	sink := func(ctx context.Context, tg Tagged) error {
		got = append(got, tg)
		return nil
	}
	st, err := Ingest(context.Background(), strings.NewReader(input), fences, sink)
	if !errors.Is(err, ErrBadCoordinate) {
		t.Fatalf("got err %v, want ErrBadCoordinate", err)
	}
	if st.Accepted != 1 || st.PerFence["depot-ams"] != 1 {
		t.Fatalf("stats = %+v", st)
	}
	if len(got) != 1 || got[0].Line != 2 {
		t.Fatalf("sink got %+v", got)
	}
}
