package p2p

import (
	"fmt"
	"slices"
	"strings"
)

// Role is a kind of peer. A node may run several roles at once.
type Role string

// The roles of the network; see DESIGN.md for what each one does.
const (
	RoleSequencer Role = "sequencer"
	RoleValidator Role = "validator"
	RoleDA        Role = "da"
	RoleLight     Role = "light"
	RoleRelayer   Role = "relayer"
	// RoleBootstrap is a full node with no protocol duties: it serves the DHT
	// (and the relay service when enabled) so that others can join.
	RoleBootstrap Role = "bootstrap"
)

// AllRoles lists every role in a stable order.
var AllRoles = []Role{RoleSequencer, RoleValidator, RoleDA, RoleLight, RoleRelayer, RoleBootstrap}

// ErrUnknownRole is returned for a role name that is not one of AllRoles.
var ErrUnknownRole = fmt.Errorf("unknown role")

// ParseRole parses one role name.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(AllRoles, r) {
		return r, nil
	}
	return "", fmt.Errorf("%w %q (want one of %s)", ErrUnknownRole, s, roleList())
}

// ParseRoles parses role names, dropping duplicates and keeping the order of AllRoles.
func ParseRoles(names []string) ([]Role, error) {
	if len(names) == 0 {
		return nil, fmt.Errorf("no role given (want one or more of %s)", roleList())
	}
	seen := map[Role]bool{}
	for _, n := range names {
		r, err := ParseRole(n)
		if err != nil {
			return nil, err
		}
		seen[r] = true
	}
	var out []Role
	for _, r := range AllRoles {
		if seen[r] {
			out = append(out, r)
		}
	}
	return out, nil
}

func roleList() string {
	names := make([]string, len(AllRoles))
	for i, r := range AllRoles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

// IsFull reports whether r is a full role: one that keeps the chain's data,
// is expected to be publicly reachable and serves the DHT.
func (r Role) IsFull() bool { return r != RoleLight }

// OnlyLight reports whether roles holds the light role and nothing else: such a
// node runs on a small machine, often behind NAT, and is sized accordingly.
func OnlyLight(roles []Role) bool {
	return len(roles) > 0 && !slices.ContainsFunc(roles, Role.IsFull)
}

// Wants returns the roles a node running roles looks for on the network: light
// nodes sample DA nodes, relayers collect validator signatures, sequencers talk
// to each other, validators and DA nodes follow the sequencers.
func Wants(roles []Role) []Role {
	want := map[Role]bool{}
	for _, r := range roles {
		switch r {
		case RoleLight:
			want[RoleDA] = true
		case RoleDA:
			want[RoleSequencer] = true
			want[RoleDA] = true
		case RoleValidator:
			want[RoleSequencer] = true
		case RoleRelayer:
			want[RoleValidator] = true
		case RoleSequencer:
			want[RoleSequencer] = true
		}
	}
	var out []Role
	for _, r := range AllRoles {
		if want[r] {
			out = append(out, r)
		}
	}
	return out
}

// RoleNamespace is the DHT namespace under which peers of a role advertise
// themselves: /l2/<network>/role/<role>.
func RoleNamespace(network string, r Role) string {
	return "/l2/" + network + "/role/" + string(r)
}
