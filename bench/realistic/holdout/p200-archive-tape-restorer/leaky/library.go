package tapes

import (
	"context"
	"errors"
	"io"
)

// ErrNotArchived is returned by a Catalog for paths it has no copy of.
var ErrNotArchived = errors.New("tapes: path not archived")

// Location is where the catalog recorded an archived file.
type Location struct {
	Path    string
	Volser  string // volume serial of the cartridge, e.g. "A00012L8"
	FileSeq int    // tape file number on the volume
	Blocks  int
	Size    int64
	SHA256  string // hex digest of the file contents
}

// Catalog is the archive's index of what lives on which cartridge.
type Catalog interface {
	Locate(ctx context.Context, path string) (Location, error)
}

// Drive is a tape drive with a cartridge loaded.
type Drive interface {
	Name() string
	// Seek positions the drive at the start of tape file seq.
	Seek(ctx context.Context, seq int) error
	// ReadBlock returns the next block, or io.EOF at the file mark.
	ReadBlock(ctx context.Context) ([]byte, error)
}

// Library is the robotic tape library.
type Library interface {
	// Mount loads the cartridge into a free drive.
	Mount(ctx context.Context, volser string) (Drive, error)
	// Unmount rewinds and ejects the cartridge, freeing the drive.
	Unmount(d Drive) error
}

// Sink is the restore destination, usually a staging file system.
type Sink interface {
	Create(path string) (io.WriteCloser, error)
	Remove(path string) error
}
