// Package version reports the version and commit of the running binary. Both
// are set at link time (see the Makefile); a plain `go build` falls back to
// the module version and VCS data that Go embeds.
package version

import "runtime/debug"

// Set with -ldflags "-X github.com/l2node/l2node/internal/version.version=… -X ….commit=…".
var (
	version = ""
	commit  = ""
)

// Version is the release version, "dev" when unknown.
func Version() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// Commit is the VCS revision the binary was built from, "unknown" when Go
// recorded none.
func Commit() string {
	if commit != "" {
		return commit
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				return s.Value
			}
		}
	}
	return "unknown"
}

// UserAgent is the identify agent string, e.g. "l2node/v0.1.0".
func UserAgent() string { return "l2node/" + Version() }
