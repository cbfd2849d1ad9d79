# Jalon — make help lists the targets.
GO        ?= go
BIN       := bin
DATA      ?= data
LISTEN    ?= 127.0.0.1:9721
GOBIN_DIR := $(shell $(GO) env GOPATH)/bin
FUZZTIME  ?= 30s
STATICCHECK := $(shell command -v staticcheck 2>/dev/null || echo $(GOBIN_DIR)/staticcheck)

.PHONY: help build run test test-short test-deps bench lint fmt fuzz clean dashboards

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

# Build information for --version and jalon_build_info, as Prometheus' promu
# sets it. git describe --always falls back to the short commit without tags;
# outside a git checkout, the binaries name the go command's version instead.
VERSION_PKG := github.com/prometheus/common/version
VERSION     ?= $(shell git describe --tags --always --dirty 2>/dev/null)
REVISION    ?= $(shell git rev-parse HEAD 2>/dev/null)
BRANCH      ?= $(shell git rev-parse --abbrev-ref HEAD 2>/dev/null)
LDFLAGS     := -X $(VERSION_PKG).Version=$(VERSION) -X $(VERSION_PKG).Revision=$(REVISION) \
	-X $(VERSION_PKG).Branch=$(BRANCH) -X $(VERSION_PKG).BuildUser=$(shell id -un 2>/dev/null)@$(shell hostname 2>/dev/null) \
	-X $(VERSION_PKG).BuildDate=$(shell date -u +%Y%m%d-%H:%M:%S)

build: ## build jalond and jalonctl into ./bin
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN)/ ./cmd/jalond ./cmd/jalonctl

run: build ## run the daemon on the embedded catalog, data in ./data
	@echo "jalond: http://$(LISTEN)/  (metrics at http://$(LISTEN)/metrics)"
	$(BIN)/jalond --web.listen-address=$(LISTEN) --storage.path=$(DATA)

test-deps: ## install what the end-to-end tests need (Prometheus, Alertmanager, Chromium, pdftotext...)
	.ci/install-deps

test: test-deps lint ## every test: unit, integration, end-to-end (with -race)
	$(GO) test -race -count=1 -timeout 30m ./...

test-short: ## the quick tests: no root, no peers, no end-to-end runs of jalond (about a minute)
	$(GO) test -short -count=1 ./...

bench: build ## Go benchmarks plus the HTTP load script; prints the BENCHMARKS.md table
	$(GO) test -run '^$$' -bench . -benchmem -count 1 ./indicators/ ./store/ ./internal/evaluator/ ./internal/collector/ ./internal/alerting/ ./internal/api/ ./internal/pages/ ./internal/exposition/ ./internal/ingest/decode/
	bench/run.sh

lint: ## gofmt, go vet and staticcheck
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
		if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...

fmt: ## format the code
	gofmt -w $$(git ls-files '*.go')

fuzz: ## run every fuzz target of every package for a short while (FUZZTIME, default 30s)
	@for pkg in $$($(GO) list ./...); do \
		for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "fuzz $$t in $$pkg"; \
			$(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
		done; \
	done

dashboards: ## regenerate the Grafana dashboards
	$(GO) run ./deploy/grafana/gen -out deploy/grafana/dashboards

clean: ## remove build output (not ./data)
	rm -rf $(BIN)
