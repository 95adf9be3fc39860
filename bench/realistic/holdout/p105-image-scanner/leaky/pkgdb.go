package imagescan

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ErrMalformedDB is returned when a package database cannot be parsed.
var ErrMalformedDB = errors.New("malformed package database")

// Package is an installed operating system package.
type Package struct {
	Ecosystem string
	Name      string
	Version   string
}

// packageDB describes a stanza-based package database such as dpkg's status
// file or apk's installed file.
type packageDB struct {
	ecosystem  string
	nameKey    string
	versionKey string
}

// packageDBs maps well-known database paths to their formats.
var packageDBs = map[string]packageDB{
	"var/lib/dpkg/status":      {ecosystem: "debian", nameKey: "Package", versionKey: "Version"},
	"lib/apk/db/installed":     {ecosystem: "alpine", nameKey: "P", versionKey: "V"},
	"usr/lib/apk/db/installed": {ecosystem: "alpine", nameKey: "P", versionKey: "V"},
}

// parse reads blank-line separated records of "Key: value" lines and returns
// the installed packages they describe.
func (db packageDB) parse(r io.Reader) ([]Package, error) {
	var pkgs []Package
	rec := make(map[string]string)
	flush := func(line int) error {
		if len(rec) == 0 {
			return nil
		}
		name, version := rec[db.nameKey], rec[db.versionKey]
		if name == "" || version == "" {
			return fmt.Errorf("record ending line %d: %w: missing %s or %s", line, ErrMalformedDB, db.nameKey, db.versionKey)
		}
		// dpkg keeps removed-but-not-purged packages around.
		if st, ok := rec["Status"]; !ok || strings.HasSuffix(st, " installed") {
			pkgs = append(pkgs, Package{Ecosystem: db.ecosystem, Name: name, Version: version})
		}
		rec = make(map[string]string)
		return nil
	}

	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		switch {
		case strings.TrimSpace(text) == "":
			if err := flush(line); err != nil {
				return nil, err
			}
		case text[0] == ' ' || text[0] == '\t':
			// Continuation of a multi-line field such as Description.
		default:
			k, v, ok := strings.Cut(text, ":")
			if !ok {
				return nil, fmt.Errorf("line %d: %w: no ':' separator", line, ErrMalformedDB)
			}
			rec[k] = strings.TrimSpace(v)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if err := flush(line); err != nil {
		return nil, err
	}
	return pkgs, nil
}
