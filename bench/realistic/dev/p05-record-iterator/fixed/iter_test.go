package records

import (
	"strings"
	"testing"

	"go.uber.org/goleak"
)

const log = `# access log
user=ada status=200
user=bob status=500
user=cy status=200
user=dan status=404
`

func TestFindFirst(t *testing.T) {
	defer goleak.VerifyNone(t)
	rec, ok := FindFirst(strings.NewReader(log), "status", "500")
	if !ok || rec["user"] != "bob" {
		t.Fatalf("got %v %v", rec, ok)
	}
}
