package manifest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type borderAgency map[string]string // document -> name

func (b borderAgency) Verify(ctx context.Context, name, doc string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	registered, ok := b[doc]
	if !ok {
		return false, nil
	}
	return strings.EqualFold(registered, name), nil
}

type dgList map[string]HazmatClass

func (d dgList) Lookup(ctx context.Context, un string) (HazmatClass, error) {
	if err := ctx.Err(); err != nil {
		return HazmatClass{}, err
	}
	cls, ok := d[un]
	if !ok {
		return HazmatClass{}, fmt.Errorf("UN%s not in dangerous goods list", un)
	}
	return cls, nil
}

func TestGateCheckStopsAtDenial(t *testing.T) {
	defer goleak.VerifyNone(t)

	agency := borderAgency{
		"P1234567": "Eilidh MacLeod",
		"P7654321": "Callum MacLeod",
		"C0000042": "Ruaridh Ferguson",
		"P5550001": "Ana Duarte",
	}
	dg := dgList{
		"1075": {UN: "1075", Class: "2.1", PassengerBan: true},
		"1202": {UN: "1202", Class: "3"},
		"3481": {UN: "3481", Class: "9"},
	}
	checker, err := NewChecker(Config{
		Inspectors:       3,
		CheckTimeout:     time.Second,
		MaxGrossKg:       44000,
		DeckLaneMetres:   map[string]float64{"main": 60, "upper": 30},
		PassengerSailing: true,
		FailFast:         true,
	}, agency, dg)
	if err != nil {
		t.Fatalf("NewChecker: %v", err)
	}
	departs := time.Date(2024, time.August, 9, 7, 30, 0, 0, time.UTC)
	ctx := context.Background()

	morning := Manifest{Sailing: "OBN-CRN 0730", Vessel: "MV Isle of Mull", Departs: departs, Entries: []Entry{
		{Ref: "B-1001", Kind: Passenger, Name: "Eilidh MacLeod", DocumentID: "P1234567"},
		{Ref: "B-1001", Kind: Passenger, Name: "Callum MacLeod", DocumentID: "P7654321"},
		{Ref: "B-1001/V", Kind: Car, Plate: "SK19 ABC", Deck: "upper", LengthM: 4.6},
		{Ref: "CREW-7", Kind: Crew, Name: "Ruaridh Ferguson", DocumentID: "C0000042"},
		{Ref: "F-220", Kind: Freight, Plate: "PN68 XYZ", Deck: "main", LengthM: 16.5, GrossKg: 38000, Hazmat: []string{"1202"}},
	}}
	rep, err := checker.Check(ctx, morning)
	if err != nil {
		t.Fatalf("Check(%s): %v", morning.Sailing, err)
	}
	if rep.Count(Cleared) != 4 || rep.Count(Warn) != 1 {
		t.Fatalf("unexpected report: %s", rep.Summary())
	}

	evening := Manifest{Sailing: "OBN-CRN 1830", Vessel: "MV Isle of Mull", Departs: departs.Add(11 * time.Hour), Entries: []Entry{
		{Ref: "B-2040", Kind: Passenger, Name: "Ana Duarte", DocumentID: "P5550001"},
		{Ref: "B-2040/V", Kind: Car, Plate: "EV21 LEC", Deck: "upper", LengthM: 4.8, Hazmat: []string{"3481"}},
		{Ref: "F-231", Kind: Freight, Plate: "SF70 GAS", Deck: "main", LengthM: 14.2, GrossKg: 46500, Hazmat: []string{"1075"}},
		{Ref: "F-232", Kind: Freight, Plate: "SF70 TLR", Deck: "main", LengthM: 16.5, GrossKg: 30100},
		{Ref: "CREW-7", Kind: Crew, Name: "Ruaridh Ferguson", DocumentID: "C0000042"},
	}}
	rep, err = checker.Check(ctx, evening)
	if !errors.Is(err, ErrDenied) {
		t.Fatalf("Check(%s): err = %v, want ErrDenied", evening.Sailing, err)
	}
	if !strings.Contains(err.Error(), "F-231") {
		t.Errorf("denial should name the gas tanker, got %v", err)
	}
	if rep.Count(Deny) != 1 {
		t.Errorf("fail-fast report has %d denials, want 1: %s", rep.Count(Deny), rep.Summary())
	}
}
