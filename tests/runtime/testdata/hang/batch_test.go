package hang

import "testing"

func TestRun(t *testing.T) {
	Run([]func(){func() {}, func() { panic("boom") }})
}
