package statements

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// Renderer writes a statement document to w.
type Renderer interface {
	Render(w io.Writer, stmt *Statement) error
}

// PDFRenderer renders statements as simple single-font PDF documents, one
// page per LinesPerPage transactions.
type PDFRenderer struct {
	Title        string
	LinesPerPage int
}

const defaultLinesPerPage = 40

// countingWriter tracks the byte offset of everything written so that the
// cross-reference table can point at each object.
type countingWriter struct {
	w   io.Writer
	off int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.off += int64(n)
	return n, err
}

// Render implements Renderer.
func (r *PDFRenderer) Render(w io.Writer, stmt *Statement) error {
	perPage := r.LinesPerPage
	if perPage <= 0 {
		perPage = defaultLinesPerPage
	}
	pages := paginate(stmt, r.Title, perPage)

	cw := &countingWriter{w: w}
	if _, err := io.WriteString(cw, "%PDF-1.4\n"); err != nil {
		return fmt.Errorf("write header: %w", err)
	}

	// Object layout: 1 catalog, 2 page tree, 3 font, then a page object and
	// a content stream per page.
	nobj := 3 + 2*len(pages)
	offsets := make([]int64, nobj+1)

	kids := make([]string, len(pages))
	for i := range pages {
		kids[i] = fmt.Sprintf("%d 0 R", 4+2*i)
	}
	fixed := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages)),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",
	}
	for i, body := range fixed {
		offsets[i+1] = cw.off
		if err := writeObject(cw, i+1, body); err != nil {
			return err
		}
	}

	for i, content := range pages {
		pageObj, streamObj := 4+2*i, 5+2*i
		offsets[pageObj] = cw.off
		page := fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "+
			"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", streamObj)
		if err := writeObject(cw, pageObj, page); err != nil {
			return err
		}
		offsets[streamObj] = cw.off
		stream := fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content)
		if err := writeObject(cw, streamObj, stream); err != nil {
			return err
		}
	}

	xref := cw.off
	var b bytes.Buffer
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", nobj+1)
	for i := 1; i <= nobj; i++ {
		fmt.Fprintf(&b, "%010d 00000 n \n", offsets[i])
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", nobj+1, xref)
	if _, err := cw.Write(b.Bytes()); err != nil {
		return fmt.Errorf("write trailer: %w", err)
	}
	return nil
}

func writeObject(w io.Writer, num int, body string) error {
	if _, err := fmt.Fprintf(w, "%d 0 obj\n%s\nendobj\n", num, body); err != nil {
		return fmt.Errorf("write object %d: %w", num, err)
	}
	return nil
}

// paginate lays out the statement as PDF text operators, one string per page.
func paginate(stmt *Statement, title string, perPage int) []string {
	var lines []string
	lines = append(lines,
		fmt.Sprintf("%s - %s", title, stmt.Period),
		fmt.Sprintf("Account %s  %s", stmt.Account.ID, stmt.Account.Holder),
		fmt.Sprintf("Opening balance %s", money(stmt.Account.OpeningBalance, stmt.Account.Currency)),
		"",
	)
	balance := stmt.Account.OpeningBalance
	for _, t := range stmt.Transactions {
		balance += t.Amount
		lines = append(lines, fmt.Sprintf("%s  %-32.32s %14s %14s",
			t.Posted.Format("2006-01-02"), t.Description,
			money(t.Amount, stmt.Account.Currency), money(balance, stmt.Account.Currency)))
	}
	lines = append(lines, "", fmt.Sprintf("Closing balance %s", money(stmt.Closing, stmt.Account.Currency)))

	var pages []string
	for start := 0; start < len(lines); start += perPage {
		end := start + perPage
		if end > len(lines) {
			end = len(lines)
		}
		var b strings.Builder
		b.WriteString("BT /F1 9 Tf 40 800 Td 12 TL\n")
		for _, l := range lines[start:end] {
			fmt.Fprintf(&b, "(%s) '\n", pdfEscape(l))
		}
		b.WriteString("ET")
		pages = append(pages, b.String())
	}
	return pages
}

func pdfEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
	return r.Replace(s)
}

func money(minor int64, currency string) string {
	sign := ""
	if minor < 0 {
		sign = "-"
		minor = -minor
	}
	return fmt.Sprintf("%s%d.%02d %s", sign, minor/100, minor%100, currency)
}
