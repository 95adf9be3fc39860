package importer

import (
	"context"
	"strconv"
	"strings"
)

type row struct {
	line   int
	fields []string
}

type entry struct {
	line   int
	sku    string
	amount int
	err    error
}

// split emits one row per non-empty line.
func split(ctx context.Context, text string) <-chan row {
	out := make(chan row)
	go func() {
		defer close(out)
		for i, l := range strings.Split(text, "\n") {
			if strings.TrimSpace(l) == "" {
				continue
			}
			out <- row{line: i + 1, fields: strings.Split(l, ",")} // leak: Import stopped reading at the first bad entry
		}
	}()
	return out
}

// decode turns rows into entries, reporting bad ones as entries with err set.
func decode(ctx context.Context, rows <-chan row) <-chan entry {
	out := make(chan entry)
	go func() {
		defer close(out)
		for r := range rows {
			e := entry{line: r.line}
			if len(r.fields) != 2 {
				e.err = errBadRow(r.line, "want 2 fields")
			} else {
				e.sku = strings.TrimSpace(r.fields[0])
				e.amount, e.err = strconv.Atoi(strings.TrimSpace(r.fields[1]))
			}
			out <- e // leak: nothing receives after Import returned an error
		}
	}()
	return out
}
