package ldapsync

import (
	"sort"
	"strings"
)

// Op is the kind of change applied to the local store.
type Op int

// Change operations.
const (
	OpCreate Op = iota + 1
	OpUpdate
	OpDelete
)

func (o Op) String() string {
	switch o {
	case OpCreate:
		return "create"
	case OpUpdate:
		return "update"
	case OpDelete:
		return "delete"
	}
	return "unknown"
}

// Record is the local copy of a directory entry.
type Record struct {
	Key        string
	DN         string
	Attributes map[string][]string
}

// Change is a single modification of the local store.
type Change struct {
	Op         Op
	Key        string
	DN         string
	Attributes map[string][]string
	// Changed lists the attribute names that differ, for updates.
	Changed []string
}

// normalize lower-cases attribute names, restricts them to the wanted set
// (if any) and sorts values so that entries can be compared.
func normalize(attrs map[string][]string, wanted []string) map[string][]string {
	keep := make(map[string]bool, len(wanted))
	for _, w := range wanted {
		keep[strings.ToLower(w)] = true
	}
	out := make(map[string][]string, len(attrs))
	for name, vals := range attrs {
		name = strings.ToLower(name)
		if len(keep) > 0 && !keep[name] {
			continue
		}
		vs := append([]string(nil), vals...)
		sort.Strings(vs)
		out[name] = append(out[name], vs...)
	}
	return out
}

func equalValues(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// diffEntry compares a directory entry with its local record. It returns
// false if nothing needs to be applied.
func diffEntry(key string, local *Record, e Entry, wanted []string) (Change, bool) {
	attrs := normalize(e.Attributes, wanted)
	if local == nil {
		return Change{Op: OpCreate, Key: key, DN: e.DN, Attributes: attrs}, true
	}
	have := normalize(local.Attributes, wanted)
	var changed []string
	for name, vals := range attrs {
		if !equalValues(vals, have[name]) {
			changed = append(changed, name)
		}
	}
	for name := range have {
		if _, ok := attrs[name]; !ok {
			changed = append(changed, name)
		}
	}
	if len(changed) == 0 && strings.EqualFold(local.DN, e.DN) {
		return Change{}, false
	}
	sort.Strings(changed)
	return Change{Op: OpUpdate, Key: key, DN: e.DN, Attributes: attrs, Changed: changed}, true
}
