package hang

import "testing"

func TestRun(t *testing.T) {
	Reserve(1)
	Run([]func(){func() {}, func() {}})
}
