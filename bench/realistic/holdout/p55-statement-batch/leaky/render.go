package statements

import (
	"fmt"
	"io"
	"strings"
)

const linesPerPage = 40

// pdfWriter writes PDF syntax and remembers the first write error, so the
// renderer can check once at the end.
type pdfWriter struct {
	w   io.Writer
	err error
}

func (p *pdfWriter) printf(format string, args ...any) {
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, format, args...) // leak: when the store rejects a statement it stops reading the pipe without closing it, so this write never returns
}

// renderStatement streams st to w as a simple text-only PDF, one content
// stream per page.
func renderStatement(w io.Writer, st *Statement) error {
	p := &pdfWriter{w: w}
	p.printf("%%PDF-1.4\n")
	p.printf("%% statement %s %s\n", st.Account.ID, st.Period.Format("January 2006"))

	lines := []string{
		fmt.Sprintf("%s  %s", st.Account.Holder, st.Account.IBAN),
		fmt.Sprintf("Opening balance %s", money(st.Opening)),
	}
	for _, tx := range st.Transactions {
		lines = append(lines, fmt.Sprintf("%s  %-40s %12s",
			tx.Booked.Format("02.01."), tx.Description, money(tx.Amount)))
	}
	lines = append(lines, fmt.Sprintf("Closing balance %s", money(st.Closing())))

	obj := 1
	for page := 0; page*linesPerPage < len(lines); page++ {
		end := (page + 1) * linesPerPage
		if end > len(lines) {
			end = len(lines)
		}
		p.printf("%d 0 obj\n<< /Type /Page /Contents %d 0 R >>\nendobj\n", obj, obj+1)
		p.printf("%d 0 obj\nstream\nBT /F1 9 Tf 50 800 Td 12 TL\n", obj+1)
		for _, l := range lines[page*linesPerPage : end] {
			p.printf("(%s) '\n", escape(l))
		}
		p.printf("ET\nendstream\nendobj\n")
		obj += 2
	}
	p.printf("trailer\n<< /Size %d >>\n%%%%EOF\n", obj)
	if p.err != nil {
		return fmt.Errorf("render %s: %w", st.FileName(), p.err)
	}
	return nil
}

func money(minor int64) string {
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	return fmt.Sprintf("%s%d.%02d EUR", sign, minor/100, minor%100)
}

var pdfEscaper = strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)

func escape(s string) string { return pdfEscaper.Replace(s) }
