package efiling

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
)

// transmittalVersion is bumped whenever the stamp layout changes; the clerk
// review system uses it to strip the stamp before docketing.
const transmittalVersion = "1"

// stampHeader renders the clerk's received stamp for env. The stamp is a
// block of "%%"-prefixed lines, terminated by a blank line, that precedes
// the document in the transmittal sent to the review queue.
func stampHeader(env Envelope) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%%%%TRANSMITTAL %s\n", transmittalVersion)
	fmt.Fprintf(&b, "%%%%Court: %s\n", strings.ToUpper(env.CourtID))
	if env.CaseNumber != "" {
		fmt.Fprintf(&b, "%%%%Case: %s\n", env.CaseNumber)
	} else {
		b.WriteString("%%Case: NEW\n")
	}
	fmt.Fprintf(&b, "%%%%Envelope: %s\n", env.Number)
	fmt.Fprintf(&b, "%%%%Type: %s\n", env.Type)
	fmt.Fprintf(&b, "%%%%Title: %s\n", sanitizeTitle(env.Title))
	fmt.Fprintf(&b, "%%%%Received: %s\n", env.ReceivedAt.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "%%%%Length: %d\n", env.Size)
	b.WriteString("\n")
	return b.String()
}

// sanitizeTitle keeps a caption on a single stamp line.
func sanitizeTitle(title string) string {
	title = strings.ReplaceAll(title, "\r", " ")
	return strings.ReplaceAll(title, "\n", " ")
}

// stampedBody returns a reader producing the transmittal for env: the
// received stamp followed by the original document. The transmittal is
// generated while the review queue reads it, so the stamped copy is never
// materialised next to the original in memory.
func stampedBody(env Envelope, doc []byte) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(writeTransmittal(pw, env, doc))
	}()
	return pr
}

// writeTransmittal writes the stamp and then the document to w.
func writeTransmittal(w io.Writer, env Envelope, doc []byte) error {
	if _, err := io.WriteString(w, stampHeader(env)); err != nil {
		return fmt.Errorf("efiling: write stamp for %s: %w", env.Number, err)
	}
	if _, err := io.Copy(w, bytes.NewReader(doc)); err != nil {
		return fmt.Errorf("efiling: write document for %s: %w", env.Number, err)
	}
	return nil
}
