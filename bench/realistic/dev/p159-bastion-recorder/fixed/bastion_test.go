package bastion

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

type fakeDialer map[string]string

func (d fakeDialer) Dial(_ context.Context, target string) (io.ReadCloser, error) {
	out, ok := d[target]
	if !ok {
		return nil, errors.New("no route to host")
	}
	return io.NopCloser(strings.NewReader(out)), nil
}

func fileSinks(dir string) SinkFunc {
	return func(id string) (io.WriteCloser, error) {
		return os.Create(filepath.Join(dir, id+".cast"))
	}
}

func onlyOps(user, target string) bool { return strings.HasPrefix(user, "ops-") }

func TestServeRecordsSession(t *testing.T) {
	defer goleak.VerifyNone(t)

	dir := t.TempDir()
	b := New(fakeDialer{"db1": "$ uptime\r\n 10:00 up 3 days\r\n"}, onlyOps, fileSinks(dir))
	var client bytes.Buffer
	err := b.Serve(context.Background(), Session{ID: "s1", User: "ops-ana", Target: "db1", Client: &client})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "s1.cast"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "up 3 days") {
		t.Fatalf("recording lacks session output:\n%s", data)
	}
}

func TestServeRefusesAndRecords(t *testing.T) {
	defer goleak.VerifyNone(t)

	dir := t.TempDir()
	b := New(fakeDialer{"db1": "$ "}, onlyOps, fileSinks(dir))
	var client bytes.Buffer
	err := b.Serve(context.Background(), Session{ID: "s2", User: "intern-bo", Target: "db1", Client: &client})
	if !errors.Is(err, ErrDenied) {
		t.Fatalf("err = %v, want %v", err, ErrDenied)
	}
	if !strings.Contains(client.String(), "may not connect") {
		t.Fatalf("client saw %q", client.String())
	}
}
