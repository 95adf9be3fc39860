package seedbank

import (
	"context"
	"errors"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStore struct {
	mu   sync.Mutex
	accs map[string]Accession
}

func newMemStore() *memStore { return &memStore{accs: make(map[string]Accession)} }

func (m *memStore) Get(_ context.Context, id string) (Accession, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.accs[id]
	if !ok {
		return Accession{}, ErrNotFound
	}
	return a, nil
}

func (m *memStore) Put(_ context.Context, a Accession) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.accs[a.AccessionID] = a
	return nil
}

const missionExport = `accession,taxon,origin,collected,seeds,storage,tests
# Andean mission, spring batch
PER-10021,Solanum tuberosum subsp. andigenum,pe,2019-05-02,4200,-18,2019-07-01:96/100;2023-07-03:91/100
PER-10022,Chenopodium quinoa,PE,2019-05-03,900,-18,2019-07-01:88/100
PER-10023,Lupinus mutabilis,PE,2019-05-04,0,cold,2019-07-02:48/50
PER-10024,Amaranthus caudatus,PE,2019-05-06,3100,-18,2019-07-02:79/100
PER-10025,zea mays,PE,2019-05-07,5000,frozen,2019-07-03:97/100
PER-10026,Phaseolus vulgaris,PE,2031-05-08,2400,,
PER-10027,Capsicum baccatum,PE,2019-05-09,2200,-18,2019-07-04:90/100
PER-10028,Oxalis tuberosa,PE,2019-05-10,1800,cryo,2019-07-04:93/100
PER-10029,Ullucus tuberosus,PE,2019-05-11,1650,cryo,2019-07-05:87/100
PER-10030,Tropaeolum tuberosum,PE,2019-05-12,1900,cryo,2019-07-05:92/100
`

func TestImportStopsAfterTooManyRejects(t *testing.T) {
	defer goleak.VerifyNone(t)

	var logs strings.Builder
	store := newMemStore()
	now := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	cat, err := New(store,
		WithMaxRejects(2),
		WithClock(func() time.Time { return now }),
		WithLogger(log.New(&logs, "", 0)),
	)
	if err != nil {
		t.Fatal(err)
	}

	sum, err := cat.ImportLots(context.Background(), NewCSVSource(strings.NewReader(missionExport)))
	if !errors.Is(err, ErrTooManyRejects) {
		t.Fatalf("ImportLots error = %v, want ErrTooManyRejects", err)
	}
	if !sum.Truncated || sum.Read != 6 || sum.Created != 3 || len(sum.Rejects) != 3 {
		t.Errorf("summary = %+v", sum)
	}
	wantRegen := []string{"PER-10022", "PER-10024"}
	if strings.Join(sum.RegenDue, ",") != strings.Join(wantRegen, ",") {
		t.Errorf("regeneration due = %v, want %v", sum.RegenDue, wantRegen)
	}

	acc, err := cat.Lookup(context.Background(), "PER-10021")
	if err != nil {
		t.Fatal(err)
	}
	if acc.RegenerationDue || acc.Viability != 0.91 {
		t.Errorf("PER-10021 = viability %.2f regen %v", acc.Viability, acc.RegenerationDue)
	}
	if _, err := cat.Lookup(context.Background(), "PER-10027"); !errors.Is(err, ErrNotFound) {
		t.Errorf("lot after the abort was cataloged: %v", err)
	}
	t.Log(logs.String())
}
