package consensus

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
	"testing"
)

// The core is a pure state machine: no goroutines, clocks, randomness,
// locks or I/O in the package's non-test code.
func TestPureCore(t *testing.T) {
	forbiddenImports := map[string]bool{
		"math/rand": true, "math/rand/v2": true, "crypto/rand": true, "net": true, "os": true,
		"sync": true, "sync/atomic": true, "io/fs": true, "log": true, "log/slog": true,
	}
	forbiddenTime := map[string]bool{
		"Now": true, "Since": true, "Until": true, "Sleep": true, "After": true, "AfterFunc": true,
		"NewTimer": true, "NewTicker": true, "Tick": true,
	}
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); forbiddenImports[p] {
				t.Errorf("%s imports %s", name, p)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				t.Errorf("%s: goroutine at %s", name, fset.Position(n.Pos()))
			case *ast.SelectorExpr:
				if x, ok := n.X.(*ast.Ident); ok && x.Name == "time" && forbiddenTime[n.Sel.Name] {
					t.Errorf("%s: time.%s at %s", name, n.Sel.Name, fset.Position(n.Pos()))
				}
			case *ast.ChanType:
				t.Errorf("%s: channel at %s", name, fset.Position(n.Pos()))
			}
			return true
		})
	}
}
