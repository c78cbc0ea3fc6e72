package node

import "testing"

func TestGCFor(t *testing.T) {
	none := func(string) (string, bool) { return "", false }
	env := func(set ...string) func(string) (string, bool) {
		return func(k string) (string, bool) {
			for _, s := range set {
				if s == k {
					return "x", true
				}
			}
			return "", false
		}
	}
	c := DefaultConfig().Exec
	const gib = 1 << 30
	for _, tc := range []struct {
		name     string
		c        ExecConfig
		executes bool
		lookup   func(string) (string, bool)
		total    uint64
		want     GCSettings
	}{
		{"executing node", c, true, none, 8 * gib, GCSettings{Percent: c.GCPercent, MemoryLimit: 4 * gib}},
		{"light or DA node", c, false, none, 8 * gib, GCSettings{}},
		{"GOGC set", c, true, env("GOGC"), 8 * gib, GCSettings{}},
		{"GOMEMLIMIT set", c, true, env("GOMEMLIMIT"), 8 * gib, GCSettings{Percent: c.GCPercent}},
		{"machine memory unknown", c, true, none, 0, GCSettings{Percent: c.GCPercent}},
		{"0 leaves Go's", ExecConfig{GCPercent: 0}, true, none, 8 * gib, GCSettings{}},
		{"below Go's default: no limit", ExecConfig{GCPercent: 50}, true, none, 8 * gib, GCSettings{Percent: 50}},
	} {
		if got := GCFor(tc.c, tc.executes, tc.total, tc.lookup); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
	if c.GCPercent != 400 {
		t.Errorf("default exec.gc_percent %d", c.GCPercent)
	}
	bad := DefaultConfig()
	bad.Exec.GCPercent = 5
	if bad.Validate() == nil {
		t.Error("exec.gc_percent = 5 accepted")
	}
}
