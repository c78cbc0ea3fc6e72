package export

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/l2node/l2node/simulation"
)

// networkGML is Shadow's network graph for a scenario: a node per region,
// a directed edge for every ordered pair of regions (self-loops included)
// with the matrix's one-way latency and the scenario's loss. Hosts set
// their own bandwidth; a region's node carries the default for hosts that
// do not.
func networkGML(s *simulation.Scenario) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# The regions of the scenario and the one-way latency between them.\n")
	fmt.Fprintf(&b, "graph [\n  directed 1\n")
	for i, r := range s.Regions {
		fmt.Fprintf(&b, "  node [\n    id %d\n    label %q\n    host_bandwidth_down \"1 Gbit\"\n    host_bandwidth_up \"1 Gbit\"\n  ]\n", i, r)
	}
	for i, a := range s.Regions {
		for j, c := range s.Regions {
			fmt.Fprintf(&b, "  edge [\n    source %d\n    target %d\n    latency %q\n    packet_loss %s\n  ]\n",
				i, j, shadowDuration(time.Duration(s.Latency[a][c])), strconv.FormatFloat(s.Loss, 'f', -1, 64))
		}
	}
	b.WriteString("]\n")
	return b.String()
}

// shadowDuration writes d in the largest unit that keeps it exact. Shadow
// needs a positive latency: 0 becomes 1 ns.
func shadowDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "1 ns"
	case d%time.Second == 0:
		return fmt.Sprintf("%d s", d/time.Second)
	case d%time.Millisecond == 0:
		return fmt.Sprintf("%d ms", d/time.Millisecond)
	case d%time.Microsecond == 0:
		return fmt.Sprintf("%d us", d/time.Microsecond)
	}
	return fmt.Sprintf("%d ns", int64(d))
}

// shadowRate writes bits per second as Shadow does ("100 Mbit").
func shadowRate(bps float64) string {
	switch r := int64(bps); {
	case r%1_000_000_000 == 0:
		return fmt.Sprintf("%d Gbit", r/1_000_000_000)
	case r%1_000_000 == 0:
		return fmt.Sprintf("%d Mbit", r/1_000_000)
	case r%1000 == 0:
		return fmt.Sprintf("%d Kbit", r/1000)
	default:
		return fmt.Sprintf("%d bit", r)
	}
}

// GML is a parsed GML list: key → values, in order (a key may repeat, as
// node and edge do). A value is a string, an int64, a float64 or a GML.
type GML struct {
	Keys   []string
	Values []any
}

// All returns the values of key.
func (g GML) All(key string) []any {
	var out []any
	for i, k := range g.Keys {
		if k == key {
			out = append(out, g.Values[i])
		}
	}
	return out
}

// ParseGML parses the GML subset Shadow reads: key value pairs, values
// being integers, reals, "strings" or [ lists ]; # starts a comment line.
func ParseGML(src string) (GML, error) {
	toks, err := gmlTokens(src)
	if err != nil {
		return GML{}, err
	}
	g, rest, err := gmlList(toks, false)
	if err != nil {
		return GML{}, err
	}
	if len(rest) > 0 {
		return GML{}, fmt.Errorf("gml: unexpected %q", rest[0])
	}
	return g, nil
}

func gmlTokens(src string) ([]string, error) {
	var toks []string
	for _, line := range strings.Split(src, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for i := 0; i < len(line); {
			switch c := rune(line[i]); {
			case unicode.IsSpace(c):
				i++
			case c == '"':
				j := strings.IndexByte(line[i+1:], '"')
				if j < 0 {
					return nil, errors.New("gml: unterminated string")
				}
				toks = append(toks, line[i:i+j+2])
				i += j + 2
			default:
				j := i
				for j < len(line) && !unicode.IsSpace(rune(line[j])) {
					j++
				}
				toks = append(toks, line[i:j])
				i = j
			}
		}
	}
	return toks, nil
}

func gmlList(toks []string, nested bool) (GML, []string, error) {
	var g GML
	for len(toks) > 0 {
		if toks[0] == "]" {
			if !nested {
				return g, nil, errors.New("gml: unbalanced ]")
			}
			return g, toks[1:], nil
		}
		key := toks[0]
		if len(toks) < 2 {
			return g, nil, fmt.Errorf("gml: %s has no value", key)
		}
		for _, r := range key {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
				return g, nil, fmt.Errorf("gml: bad key %q", key)
			}
		}
		v := toks[1]
		toks = toks[2:]
		var val any
		switch {
		case v == "[":
			sub, rest, err := gmlList(toks, true)
			if err != nil {
				return g, nil, err
			}
			val, toks = sub, rest
		case strings.HasPrefix(v, `"`):
			val = strings.Trim(v, `"`)
		default:
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				val = n
			} else if f, err := strconv.ParseFloat(v, 64); err == nil {
				val = f
			} else {
				return g, nil, fmt.Errorf("gml: %s: bad value %q", key, v)
			}
		}
		g.Keys, g.Values = append(g.Keys, key), append(g.Values, val)
	}
	if nested {
		return g, nil, errors.New("gml: missing ]")
	}
	return g, nil, nil
}
