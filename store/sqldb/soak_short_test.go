//go:build !soak

package sqldb_test

import "time"

// soakDuration is the concurrency test's length in the normal run; build
// with -tags soak for the full minute.
const soakDuration = 3 * time.Second
