package payroll

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
)

var header = []string{"employee_id", "name", "gross", "tax", "deductions", "net", "exported_at"}

// encodeShard writes rows as CSV with a header line.
func encodeShard(w io.Writer, stamp string, rows []PayLine) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("write header: %w", err)
	}
	for _, r := range rows {
		rec := []string{
			r.EmployeeID,
			r.Name,
			formatCents(r.Gross),
			formatCents(r.Tax),
			formatCents(r.Deductions),
			formatCents(r.Net()),
			stamp,
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write %s: %w", r.EmployeeID, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("flush: %w", err)
	}
	return nil
}

// formatCents renders an amount in cents as a decimal string, e.g. -1205 as "-12.05".
func formatCents(c int64) string {
	sign := ""
	if c < 0 {
		sign = "-"
		c = -c
	}
	frac := strconv.FormatInt(c%100, 10)
	if len(frac) == 1 {
		frac = "0" + frac
	}
	return sign + strconv.FormatInt(c/100, 10) + "." + frac
}
