# wct: the 武创通 user system.
#   make run    build everything and serve on 127.0.0.1:8080 (development mode)
#   make test   vet, Go and front-end unit tests, and the browser journey

GO ?= go
NPM ?= npm
BIN := bin/wct

.PHONY: all build web run test test-go test-web test-e2e lint bench clean

all: build

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && $(NPM) ci --no-audit --no-fund

web: web/node_modules/.package-lock.json
	cd web && $(NPM) run build
	touch web/dist/.gitkeep

build: web
	$(GO) build -o $(BIN) ./cmd/wct

run: build
	./$(BIN) serve

lint:
	@test -z "$$(gofmt -l cmd internal web)" || (gofmt -l cmd internal web; exit 1)
	$(GO) vet ./...

test-go:
	$(GO) test -race ./...

test-web: web/node_modules/.package-lock.json
	cd web && $(NPM) test

e2e/node_modules/.package-lock.json: e2e/package.json e2e/package-lock.json
	cd e2e && $(NPM) ci --no-audit --no-fund

test-e2e: build e2e/node_modules/.package-lock.json
	cd e2e && node run.mjs

test: lint test-go test-web test-e2e

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./cmd/wct

clean:
	rm -rf bin web/node_modules e2e/node_modules
	find web/dist -mindepth 1 ! -name .gitkeep -delete
