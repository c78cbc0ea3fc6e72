package node

import (
	"math"
	"runtime/debug"
)

// GCSettings are the garbage collector's settings for a node's process.
type GCSettings struct {
	Percent     int   // GOGC; 0 leaves it as it is
	MemoryLimit int64 // soft limit (GOMEMLIMIT) in bytes; 0 leaves it as it is
}

// GCFor decides the collector's settings of a node process: a node that
// executes batches collects at exec.gc_percent, with a soft memory limit of
// half the machine's memory (totalMemory bytes; unknown if 0) so that the
// larger heap this allows gives way before the machine runs short. Other
// nodes keep Go's settings, light nodes above all, which must stay small.
// GOGC and GOMEMLIMIT in the environment (lookup) take precedence.
func GCFor(c ExecConfig, executes bool, totalMemory uint64, lookup func(string) (string, bool)) GCSettings {
	if !executes || c.GCPercent == 0 {
		return GCSettings{}
	}
	var s GCSettings
	if _, set := lookup("GOGC"); !set {
		s.Percent = c.GCPercent
	}
	if _, set := lookup("GOMEMLIMIT"); !set && s.Percent > 100 && totalMemory > 0 {
		s.MemoryLimit = int64(min(totalMemory/2, math.MaxInt64))
	}
	return s
}

// Apply sets the settings on the runtime.
func (s GCSettings) Apply() {
	if s.Percent != 0 {
		debug.SetGCPercent(s.Percent)
	}
	if s.MemoryLimit != 0 {
		debug.SetMemoryLimit(s.MemoryLimit)
	}
}
