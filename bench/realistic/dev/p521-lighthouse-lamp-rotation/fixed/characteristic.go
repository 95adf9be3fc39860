package rotation

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Characteristic describes the published light pattern of a station,
// for example "Fl(2) W 20s": groups of two white flashes every 20 seconds.
type Characteristic struct {
	Flashes int
	Colour  string
	Period  time.Duration
}

// ParseCharacteristic reads the abbreviated form used on charts and in the
// List of Lights. Only flashing and group-flashing lights are supported,
// since occulting and fixed lights do not need a rotating lens.
func ParseCharacteristic(s string) (Characteristic, error) {
	fields := strings.Fields(s)
	if len(fields) != 3 {
		return Characteristic{}, fmt.Errorf("characteristic %q: want \"Fl(n) C Ps\"", s)
	}

	var c Characteristic
	switch kind := fields[0]; {
	case kind == "Fl":
		c.Flashes = 1
	case strings.HasPrefix(kind, "Fl(") && strings.HasSuffix(kind, ")"):
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(kind, "Fl("), ")"))
		if err != nil || n < 1 {
			return Characteristic{}, fmt.Errorf("characteristic %q: bad flash group %q", s, kind)
		}
		c.Flashes = n
	default:
		return Characteristic{}, fmt.Errorf("characteristic %q: unsupported kind %q", s, kind)
	}

	switch col := fields[1]; col {
	case "W", "R", "G", "Y":
		c.Colour = col
	default:
		return Characteristic{}, fmt.Errorf("characteristic %q: unknown colour %q", s, col)
	}

	period := fields[2]
	if !strings.HasSuffix(period, "s") {
		return Characteristic{}, fmt.Errorf("characteristic %q: period %q has no unit", s, period)
	}
	secs, err := strconv.ParseFloat(strings.TrimSuffix(period, "s"), 64)
	if err != nil || secs <= 0 {
		return Characteristic{}, fmt.Errorf("characteristic %q: bad period %q", s, period)
	}
	c.Period = time.Duration(secs * float64(time.Second))
	return c, nil
}

// String renders the characteristic back in chart notation.
func (c Characteristic) String() string {
	kind := "Fl"
	if c.Flashes > 1 {
		kind = fmt.Sprintf("Fl(%d)", c.Flashes)
	}
	return fmt.Sprintf("%s %s %gs", kind, c.Colour, c.Period.Seconds())
}

// Revolution returns how long one full turn of a lens with the given number
// of bullseye panels must take so that the characteristic is shown. Each
// panel sweeping past the observer produces one flash.
func (c Characteristic) Revolution(panels int) (time.Duration, error) {
	if panels <= 0 {
		return 0, fmt.Errorf("lens has %d panels", panels)
	}
	if panels%c.Flashes != 0 {
		return 0, fmt.Errorf("%d panels cannot show groups of %d flashes", panels, c.Flashes)
	}
	groups := panels / c.Flashes
	return time.Duration(groups) * c.Period, nil
}
