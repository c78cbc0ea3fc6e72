package node

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParseConfig: any file either parses or fails with a one-line ErrConfig.
func FuzzParseConfig(f *testing.F) {
	def, err := RenderConfig(DefaultConfig())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(def)
	f.Add([]byte("[node]\nroles = ['da']\n"))
	f.Add([]byte("[p2p]\nlisten_addrs = 'x'\n"))
	f.Add([]byte("[[node]]\n"))
	f.Add([]byte("[p2p]\nadvertise_interval = '-5s'\n"))
	f.Add([]byte{0xff, 0xfe, '['})
	f.Fuzz(func(t *testing.T, b []byte) {
		cfg, err := ParseConfig("config.toml", b)
		if err != nil {
			if !errors.Is(err, ErrConfig) {
				t.Fatalf("error not marked ErrConfig: %v", err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error: %q", err)
			}
			return
		}
		_ = cfg.Validate()
	})
}
