package dirsum

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestChecksums(t *testing.T) {
	defer goleak.VerifyNone(t)

	root := writeTree(t, map[string]string{"a.txt": "hello\n", "sub/b.txt": ""})
	var stdout, stderr bytes.Buffer
	if code := Run(context.Background(), []string{"-j", "2", "-progress", "1ms", root}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	want := "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  a.txt\n" +
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  sub/b.txt\n"
	if stdout.String() != want {
		t.Fatalf("stdout:\n%s", stdout.String())
	}
}

func TestDanglingSymlink(t *testing.T) {
	defer goleak.VerifyNone(t)

	root := writeTree(t, map[string]string{"a.txt": "hello\n", "b.txt": "world\n"})
	if err := os.Symlink("gone.txt", filepath.Join(root, "c.txt")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), []string{"-j", "2", "-progress", "1ms", root}, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "c.txt") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
}
