//go:build soak

package sqldb_test

import "time"

// soakDuration: the full soak (go test -tags soak ./store/sqldb -run ConcurrentWriters -v).
const soakDuration = 60 * time.Second
