package docket

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

type caseFile map[string]Case

func (f caseFile) Lookup(ctx context.Context, number string) (Case, error) {
	if k, ok := f[number]; ok {
		return k, nil
	}
	return Case{}, ErrNoSuchCase
}

type kiosk struct {
	mu   sync.Mutex
	here map[string]bool
}

func (k *kiosk) CheckedIn(ctx context.Context, dept, name string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	time.Sleep(200 * time.Microsecond)
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.here[name], nil
}

type outbox struct {
	mu   sync.Mutex
	sent map[string][]Outcome
}

func (o *outbox) Notify(ctx context.Context, counsel string, out Outcome) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent[counsel] = append(o.sent[counsel], out)
	return nil
}

type logWriter struct{ t *testing.T }

func (w logWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func TestMorningCalendarCall(t *testing.T) {
	defer goleak.VerifyNone(t)

	cases := caseFile{
		"CR-24-0311": {Number: "CR-24-0311", Kind: Criminal, Caption: "People v. Okafor", Department: "5",
			Parties: []Party{{Name: "D. Okafor", Role: "defendant", Counsel: "PD Ramos"}}},
		"CV-23-1180": {Number: "CV-23-1180", Kind: Civil, Caption: "Lindqvist v. Harbor Cold Storage", Department: "5",
			Parties: []Party{{Name: "A. Lindqvist", Role: "plaintiff", Counsel: "M. Chu"}, {Name: "Harbor Cold Storage", Role: "defendant", Counsel: "P. Avila"}}},
		"FL-24-0042": {Number: "FL-24-0042", Kind: Family, Caption: "Marriage of Dube", Department: "5",
			Parties: []Party{{Name: "T. Dube", Role: "petitioner"}, {Name: "R. Dube", Role: "respondent"}}},
		"CR-24-0518": {Number: "CR-24-0518", Kind: Criminal, Caption: "People v. Stratton", Department: "12",
			Parties: []Party{{Name: "K. Stratton", Role: "defendant", Counsel: "J. Weller"}}},
		"JV-24-0007": {Number: "JV-24-0007", Kind: Juvenile, Caption: "In re J.M.", Department: "5", Sealed: true,
			Parties: []Party{{Name: "J.M.", Role: "minor", Counsel: "PD Ramos"}}},
		"CR-24-0122": {Number: "CR-24-0122", Kind: Criminal, Caption: "People v. Haddad", Department: "5",
			Parties: []Party{{Name: "S. Haddad", Role: "defendant", Counsel: "L. Brandt"}}},
	}
	lobby := &kiosk{here: map[string]bool{
		"D. Okafor": true, "PD Ramos": true,
		"A. Lindqvist": true, "M. Chu": true, "Harbor Cold Storage": true, "P. Avila": true,
		"T. Dube":   true,
		"J.M.":      true,
		"L. Brandt": true,
	}}
	notices := &outbox{sent: make(map[string][]Outcome)}
	clerk, err := NewClerk(cases, lobby, notices, Config{
		Deputies: 3,
		Logger:   log.New(logWriter{t}, "clerk ", 0),
	})
	if err != nil {
		t.Fatal(err)
	}

	session := time.Date(2024, 3, 11, 8, 30, 0, 0, time.UTC)
	printed := Calendar{ID: "D5-0311-AM", Department: "5", Session: session, Entries: []Entry{
		{Line: 1, CaseNumber: "CR-24-0311", Hearing: "arraignment"},
		{Line: 2, CaseNumber: "CV-23-1180", Hearing: "trial-setting"},
		{Line: 3, CaseNumber: "FL-24-0042", Hearing: "status"},
		{Line: 4, CaseNumber: "CR-24-0518", Hearing: "pretrial"},
		{Line: 5, CaseNumber: "JV-24-0007", Hearing: "review"},
		{Line: 6, CaseNumber: "CR-24-0122", Hearing: "arraignment"},
	}}

	ctx := context.Background()
	if _, err := clerk.CallCalendar(ctx, printed); !errors.Is(err, ErrWrongDepartment) {
		t.Fatalf("calendar with transferred case: got %v, want ErrWrongDepartment", err)
	}

	corrected := printed
	corrected.ID = "D5-0311-AM-r2"
	corrected.Entries = append(append([]Entry(nil), printed.Entries[:3]...), printed.Entries[4:]...)
	rep, err := clerk.CallCalendar(ctx, corrected)
	if err != nil {
		t.Fatalf("corrected calendar: %v", err)
	}
	want := map[string]Disposition{
		"CR-24-0311": Ready,
		"CV-23-1180": Ready,
		"FL-24-0042": SecondCall,
		"JV-24-0007": Ready,
		"CR-24-0122": BenchWarrant,
	}
	if len(rep.Outcomes) != len(want) {
		t.Fatalf("got %d outcomes, want %d: %+v", len(rep.Outcomes), len(want), rep.Outcomes)
	}
	for _, o := range rep.Outcomes {
		if o.Disposition != want[o.Case] {
			t.Errorf("%s: %s, want %s", o.Case, o.Disposition, want[o.Case])
		}
	}
	if sc := rep.SecondCalls(); len(sc) != 1 || sc[0].Case != "FL-24-0042" {
		t.Errorf("second calls: %+v", sc)
	}
	notices.mu.Lock()
	if n := len(notices.sent["L. Brandt"]); n == 0 {
		t.Errorf("counsel for Haddad not notified of warrant request")
	}
	notices.mu.Unlock()
}
