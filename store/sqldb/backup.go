package sqldb

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/mentorbot/mentorbot/store"
)

// Backup writes a consistent copy of the live database to path with VACUUM
// INTO, which reads one snapshot while the bot keeps writing. The
// destination must not exist. The copy is mode 0600, like the database:
// it is created empty and private first, and VACUUM INTO fills it.
func (d *DB) Backup(ctx context.Context, path string) error {
	if err := createPrivate(path); errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("backup: %s exists already: %w", path, store.ErrConflict)
	} else if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := d.rdb.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}
