package sqlite

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// privateMode is the mode of every file the store writes: the database
// holds personal data and feedback, so only its owner may read it.
const privateMode fs.FileMode = 0o600

// MakePrivate creates the database file at path with mode 0600 before
// SQLite opens it, or tightens an existing one (and its -wal and -shm) to
// 0600. The mode is set explicitly, whatever the umask. SQLite creates a
// database's -wal and -shm with the database file's own permission bits,
// so they follow.
func MakePrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, privateMode)
	switch {
	case err == nil:
		err = f.Chmod(privateMode)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("store: create %s: %w", path, err)
		}
		return nil
	case !errors.Is(err, fs.ErrExist):
		return fmt.Errorf("store: create %s: %w", path, err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, privateMode); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("store: make %s private: %w", p, err)
		}
	}
	return nil
}

// createPrivate creates path, which must not exist, empty with mode 0600
// (for VACUUM INTO, which fills an empty file).
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, privateMode)
	if err != nil {
		return err
	}
	err = f.Chmod(privateMode)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
