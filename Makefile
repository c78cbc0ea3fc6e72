# l2node build and test entry points. `make test` is what CI runs.

GO       ?= go
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT   ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
LDFLAGS  := -X github.com/l2node/l2node/internal/version.version=$(VERSION) \
            -X github.com/l2node/l2node/internal/version.commit=$(COMMIT)

.PHONY: build test lint bench fuzz devnet clean contracts contracts-check rpc-clients

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
