package node

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"

	golog "github.com/ipfs/go-log/v2"
)

var quietOnce sync.Once

// quietLibraries silences library logs that report expected events as
// errors, once per process and unless GOLOG_LOG_LEVEL asks otherwise:
// boxo's bitswap server logs every request for a block this node does not
// hold, and light nodes ask DA nodes for shares they may not hold by design.
func quietLibraries() {
	quietOnce.Do(func() {
		if os.Getenv("GOLOG_LOG_LEVEL") != "" {
			return
		}
		golog.SetLogLevel("bitswap/server/decision", "fatal")
	})
}

func parseLevel(s string) (slog.Level, error) {
	switch strings.ToLower(s) {
	case "debug":
		return slog.LevelDebug, nil
	case "info", "":
		return slog.LevelInfo, nil
	case "warn", "warning":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("unknown level %q (want debug, info, warn or error)", s)
}

// NewLogger builds the node's logger from the [log] section.
func NewLogger(c LogConfig, w io.Writer) (*slog.Logger, error) {
	level, err := parseLevel(c.Level)
	if err != nil {
		return nil, fmt.Errorf("log.level: %w", err)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch c.Format {
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	case "text", "":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("log.format: unknown format %q (want text or json)", c.Format)
}
