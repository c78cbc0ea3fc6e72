# l2node build and test entry points. `make test` is what CI runs.

GO       ?= go
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT   ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
LDFLAGS  := -X github.com/l2node/l2node/internal/version.version=$(VERSION) \
            -X github.com/l2node/l2node/internal/version.commit=$(COMMIT)

.PHONY: build test lint bench fuzz devnet clean contracts contracts-check bindings rpc-clients

build: ## the l2node binary in ./bin
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/l2node ./cmd/l2node

lint: ## formatting and vet
	@out="$$(gofmt -l .)"; if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

test: lint ## everything CI checks
	$(GO) test -timeout 20m ./...

contracts: ## compile contracts/src into contracts/artifacts with the pinned solc
	cd contracts && npm ci && node scripts/compile.js

contracts-check: ## fail if contracts/artifacts do not match contracts/src
	cd contracts && npm ci --no-audit --no-fund && node scripts/compile.js --check

# The L1 contracts that get Go bindings, and the abigen that writes them (go-ethereum's own,
# at the version go.mod pins). contracts/bindings' tests fail when the bindings are stale.
BINDINGS := Bridge StateCommitmentChain SequencerRegistry WithdrawalCaller DisputeGame OneStepProver
ABIGEN   ?= $(GO) run github.com/ethereum/go-ethereum/cmd/abigen@v1.17.10

bindings: export EXTRACT = const a = require(process.argv[1]), fs = require("fs"); \
	fs.writeFileSync(process.argv[2], JSON.stringify(a.abi)); fs.writeFileSync(process.argv[3], a.bytecode.slice(2));
bindings: ## regenerate contracts/bindings from contracts/artifacts with abigen v2
	@tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	for c in $(BINDINGS); do \
		node -e "$$EXTRACT" "$$PWD/contracts/artifacts/$$c.json" "$$tmp/$$c.abi" "$$tmp/$$c.bin" || exit 1; \
		out="contracts/bindings/$$(echo $$c | sed -E 's/([a-z0-9])([A-Z])/\1_\2/g' | tr A-Z a-z).go"; \
		$(ABIGEN) --v2 --pkg bindings --type $$c --abi "$$tmp/$$c.abi" --bin "$$tmp/$$c.bin" --out "$$out" || exit 1; \
		echo "bindings: wrote $$out"; \
	done

rpc-clients: ## install ethers and viem (pinned) for the JSON-RPC compatibility test
	cd exec/ethrpc/testdata/clients && npm ci --no-audit --no-fund

bench: ## the benchmarks recorded in docs/benchmarks.md
	$(GO) run ./cmd/l2bench all
	$(GO) test -run '^$$' -bench Propagation -benchtime 200x ./gossip
	$(GO) test -run '^$$' -bench TxTopicValidate -benchtime 20000x ./sequencing
	$(GO) test -run '^$$' -bench ExtendAndCommit -benchtime 5x ./das/erasure
	$(GO) test -run '^$$' -bench 'ExecTransfers|ExecERC20' -benchtime 10x ./exec

fuzz: ## each fuzz target for FUZZTIME (default 30s)
	@for t in "./gossip FuzzDecodeEnvelope" "./sequencing FuzzDecodeTx" "./sequencing FuzzDecodeRangeRequest" \
	          "./p2p/reqresp FuzzReadChunk" "./p2p/reqresp FuzzReadMsg" "./p2p FuzzDecodeRecord" "./node FuzzParseConfig" \
	          "./das FuzzUnmarshalHeader" "./das FuzzUnmarshalSampleRequest" "./das FuzzUnmarshalSample" \
	          "./das FuzzUnmarshalFraudMessage" "./das FuzzUnmarshalAttestation" "./das FuzzDecodeLineRequest" \
	          "./das/erasure FuzzUnmarshalFraudProof" "./sequencing/consensus FuzzUnmarshalMessage" \
	          "./sequencing FuzzUnmarshalPayload" "./sequencing FuzzUnmarshalEvidence"; do \
		set -- $$t; $(GO) test $$1 -run '^$$' -fuzz "^$$2$$" -fuzztime $${FUZZTIME:-30s} || exit 1; \
	done

devnet: ## a local network of every role
	$(GO) run ./cmd/l2node devnet

clean:
	rm -rf bin
