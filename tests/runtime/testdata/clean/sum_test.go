package clean

import "testing"

func TestSum(t *testing.T) {
	if got := Sum([]int{1, 2, 3}); got != 14 {
		t.Fatalf("Sum = %d", got)
	}
}
