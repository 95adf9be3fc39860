package pricing

import (
	"context"
	"errors"
	"testing"

	"go.uber.org/goleak"
)

type downStore struct{}

func (downStore) All(context.Context) (map[string]int64, error) {
	return nil, errors.New("catalog-db: i/o timeout")
}

type idleFeed struct{ ch chan Change }

func (f idleFeed) Changes() <-chan Change { return f.ch }

func TestOpenFailsWhenTheStoreIsDown(t *testing.T) {
	defer goleak.VerifyNone(t)
	c, err := Open(context.Background(), downStore{}, idleFeed{make(chan Change)})
	if err == nil {
		c.Close()
		t.Fatal("want the load error")
	}
}
