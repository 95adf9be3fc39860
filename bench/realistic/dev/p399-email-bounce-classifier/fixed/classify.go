package bounce

import "strings"

// Kind is the class of a delivery failure.
type Kind int

// Failure classes.
const (
	KindUnknown Kind = iota
	KindHard         // the address does not exist or will never accept mail
	KindSoft         // a temporary condition: mailbox full, greylisting, ...
	KindBlock        // rejected for policy/reputation reasons, not the address
)

func (k Kind) String() string {
	switch k {
	case KindHard:
		return "hard"
	case KindSoft:
		return "soft"
	case KindBlock:
		return "block"
	default:
		return "unknown"
	}
}

var diagnosticHints = []struct {
	substr string
	kind   Kind
}{
	{"user unknown", KindHard},
	{"no such user", KindHard},
	{"does not exist", KindHard},
	{"mailbox unavailable", KindHard},
	{"over quota", KindSoft},
	{"mailbox full", KindSoft},
	{"spamhaus", KindBlock},
	{"blacklist", KindBlock},
}

// Classify decides what kind of failure a report describes. Enhanced status
// codes are authoritative where they are specific; the diagnostic text is
// used to refine generic codes such as 5.0.0.
func Classify(r *Report) Kind {
	diag := strings.ToLower(r.Diagnostic)
	var hint Kind
	for _, h := range diagnosticHints {
		if strings.Contains(diag, h.substr) {
			hint = h.kind
			break
		}
	}
	parts := strings.Split(r.Status, ".")
	if len(parts) != 3 {
		return hint
	}
	class, subject, detail := parts[0], parts[1], parts[2]
	switch {
	case class == "4":
		if hint == KindBlock {
			return KindBlock
		}
		return KindSoft
	case class != "5":
		return hint
	case subject == "1" && (detail == "1" || detail == "2" || detail == "3" || detail == "10"):
		return KindHard // bad mailbox, bad domain, bad syntax, null MX
	case subject == "2" && (detail == "2" || detail == "3"):
		return KindSoft // mailbox full, message too big
	case subject == "7":
		if hint == KindHard {
			return KindHard
		}
		return KindBlock
	case hint != KindUnknown:
		return hint
	default:
		return KindHard
	}
}
