package argument

import "sync"

// Location is a time zone; the local one is loaded once.
type Location struct {
	name    string
	offsets []int
}

var (
	localOnce sync.Once
	localLoc  Location
	utcLoc    = Location{name: "UTC"}
)

func (l *Location) get() *Location {
	if l == nil {
		return &utcLoc
	}
	if l == &localLoc {
		localOnce.Do(initLocal)
	}
	return l
}

// Offset is the zone's offset at a given index.
func (l *Location) Offset(i int) int {
	l = l.get()
	if i < len(l.offsets) {
		return l.offsets[i]
	}
	return 0
}

func initLocal() {
	localLoc.name = "Local"
	// UTC, not the local zone: get does not go through the Once for it.
	localLoc.offsets = []int{utcLoc.Offset(0)}
}
