package bindings

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/abigen"
)

// bound are the contracts with bindings; the Makefile's BINDINGS lists the same.
var bound = []string{"Bridge", "StateCommitmentChain", "SequencerRegistry", "WithdrawalCaller", "DisputeGame", "OneStepProver"}

// TestBindingsMatchArtifacts regenerates each binding exactly as `make
// bindings` does (abigen --v2 --abi <compact ABI> --bin <creation code>) and
// requires the committed file to be identical, so that a contract changed
// without regenerating its binding fails CI.
func TestBindingsMatchArtifacts(t *testing.T) {
	makefile, err := os.ReadFile(filepath.Join("..", "..", "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^BINDINGS\s*:=\s*(.*)$`).FindSubmatch(makefile)
	if m == nil || strings.Join(strings.Fields(string(m[1])), " ") != strings.Join(bound, " ") {
		t.Fatalf("the Makefile's BINDINGS (%q) and this test's list %v differ", m, bound)
	}
	for _, name := range bound {
		raw, err := os.ReadFile(filepath.Join("..", "artifacts", name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var art struct {
			ABI      json.RawMessage `json:"abi"`
			Bytecode string          `json:"bytecode"`
		}
		if err := json.Unmarshal(raw, &art); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var abiJSON bytes.Buffer
		if err := json.Compact(&abiJSON, art.ABI); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, err := abigen.BindV2([]string{name}, []string{abiJSON.String()}, []string{strings.TrimPrefix(art.Bytecode, "0x")},
			"bindings", map[string]string{}, map[string]string{})
		if err != nil {
			t.Fatalf("%s: abigen: %v", name, err)
		}
		file := regexp.MustCompile(`([a-z0-9])([A-Z])`).ReplaceAllString(name, "${1}_${2}")
		file = strings.ToLower(file) + ".go"
		got, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%s: %v (run make bindings)", name, err)
		}
		if string(got) != want {
			t.Errorf("%s is stale: run make bindings and commit the result", file)
		}
	}
}
