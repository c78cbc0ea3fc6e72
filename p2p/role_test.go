package p2p

import (
	"errors"
	"reflect"
	"testing"
)

func TestParseRoles(t *testing.T) {
	got, err := ParseRoles([]string{"light", "DA", "sequencer", "da"})
	if err != nil || !reflect.DeepEqual(got, []Role{RoleSequencer, RoleDA, RoleLight}) {
		t.Fatalf("got %v, %v", got, err)
	}
	if _, err := ParseRoles([]string{"miner"}); !errors.Is(err, ErrUnknownRole) {
		t.Fatalf("unknown role: %v", err)
	}
	if _, err := ParseRoles(nil); err == nil {
		t.Fatal("no roles accepted")
	}
}

func TestWants(t *testing.T) {
	for _, tc := range []struct{ roles, want []Role }{
		{[]Role{RoleLight}, []Role{RoleDA}},
		{[]Role{RoleRelayer}, []Role{RoleValidator}},
		{[]Role{RoleSequencer}, []Role{RoleSequencer}},
		{[]Role{RoleBootstrap}, nil},
	} {
		if got := Wants(tc.roles); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Wants(%v) = %v, want %v", tc.roles, got, tc.want)
		}
	}
	if RoleNamespace("devnet", RoleDA) != "/l2/devnet/role/da" {
		t.Fatal(RoleNamespace("devnet", RoleDA))
	}
}

func TestResolveSizing(t *testing.T) {
	c := DefaultConfig()
	light := c.Resolve([]Role{RoleLight}, 8<<30)
	full := c.Resolve([]Role{RoleDA, RoleLight}, 24<<30)
	if light.ConnHigh != 64 || light.MemoryBytes != 256<<20 || light.DHTMode != DHTModeAuto {
		t.Fatalf("light sizing %+v", light)
	}
	if full.ConnHigh != 200 || full.MemoryBytes != 3<<30 || full.DHTMode != DHTModeServer {
		t.Fatalf("full sizing %+v", full)
	}
	c.MaxMemoryMiB, c.DHTMode, c.ConnHighWater = 100, DHTModeClient, 10
	if s := c.Resolve([]Role{RoleDA}, 1<<30); s.MemoryBytes != 100<<20 || s.DHTMode != DHTModeClient || s.ConnLow != 5 {
		t.Fatalf("explicit sizing %+v", s)
	}
}
