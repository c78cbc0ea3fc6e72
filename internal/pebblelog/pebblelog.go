// Package pebblelog routes pebble's log messages into log/slog, so that the
// node's stores log where the node does, in its format.
package pebblelog

import (
	"fmt"
	"log/slog"
)

// Logger implements pebble's Logger over a *slog.Logger: pebble's info
// messages (WAL recovery, compactions) go to debug, errors to error.
type Logger struct{ Log *slog.Logger }

func (l Logger) Infof(format string, args ...any) {
	l.Log.Debug(fmt.Sprintf(format, args...), "component", "pebble")
}

func (l Logger) Errorf(format string, args ...any) {
	l.Log.Error(fmt.Sprintf(format, args...), "component", "pebble")
}

// Fatalf logs and panics, as pebble expects of it.
func (l Logger) Fatalf(format string, args ...any) {
	l.Log.Error(fmt.Sprintf(format, args...), "component", "pebble")
	panic(fmt.Sprintf(format, args...))
}
