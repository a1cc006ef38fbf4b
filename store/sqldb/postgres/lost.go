package postgres

import (
	"errors"
	"io"
	"net"
	"syscall"
)

// isConnectionLost recognises a connection that broke under a query: the
// server went away (EOF, reset) or the network did.
func isConnectionLost(err error) bool {
	var netErr net.Error
	var opErr *net.OpError
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE) ||
		errors.As(err, &opErr) || (errors.As(err, &netErr) && !netErr.Timeout())
}
