package groundstation

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memArchive struct {
	mu      sync.Mutex
	packets map[string][]Packet
}

func (a *memArchive) Store(_ context.Context, p Packet) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.packets == nil {
		a.packets = make(map[string][]Packet)
	}
	a.packets[p.PassID] = append(a.packets[p.PassID], p)
	return nil
}

const noaaSC = 0x00A1

func telemetry(seq int) []byte {
	return []byte(fmt.Sprintf("HRPT line %04d", seq))
}

func TestPassWithSignalFade(t *testing.T) {
	archive := &memArchive{}
	st, err := New(archive, Config{Name: "svalbard-3", FrameBuffer: 32})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()

	const pass = "NOAA19-20240611-0412"
	st.OnAcquisition(pass, "NOAA 19")
	for seq := 0; seq < 4; seq++ {
		st.OnFrame(pass, EncodeFrame(noaaSC, 1, uint16(seq), telemetry(seq)))
	}

	// The carrier fades behind the ridge for a few seconds.
	st.OnAcquisition(pass, "NOAA 19")
	for seq := 4; seq < 8; seq++ {
		raw := EncodeFrame(noaaSC, 1, uint16(seq), telemetry(seq))
		if seq == 5 {
			raw[7] ^= 0x40
		}
		st.OnFrame(pass, raw)
	}
	st.OnLossOfSignal(pass)

	rep, err := st.Report(ctx, pass)
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	if rep.Satellite != "NOAA 19" || rep.CRCErrors != 1 || rep.Gaps != 1 {
		t.Fatalf("unexpected report %+v", rep)
	}
	if rep.Archived != rep.Frames-rep.CRCErrors {
		t.Fatalf("archived %d of %d good frames", rep.Archived, rep.Frames-rep.CRCErrors)
	}

	const next = "METOPB-20240611-0547"
	st.OnAcquisition(next, "MetOp-B")
	for seq := 100; seq < 103; seq++ {
		st.OnFrame(next, EncodeFrame(0x0003, 2, uint16(seq), telemetry(seq)))
	}
	st.OnLossOfSignal(next)
	rep, err = st.Report(ctx, next)
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	if rep.Frames != 3 || rep.Archived != 3 || rep.Gaps != 0 {
		t.Fatalf("unexpected report %+v", rep)
	}
	if _, err := st.Report(ctx, "GOES16-unknown"); err == nil {
		t.Fatal("report for an unknown pass succeeded")
	}

	st.Close()
	goleak.VerifyNone(t)
}
