# Thin wrappers; CI runs .ci/run, which runs the same test command.
SEOUL_DATA ?= $(wildcard ../shared/data/seoul)

.PHONY: build run test lint bench fuzz
build:
	go build -o bin/sangsaeng ./cmd/sangsaeng

run:
	go run ./cmd/sangsaeng demo

test:
	SANGSAENG_SEOUL_DATA=$(abspath $(SEOUL_DATA)) go test ./...

lint:
	test -z "$$(gofmt -l $$(git ls-files '*.go'))"
	go vet ./...

fuzz:
	go test -run '^$$' -fuzz '^FuzzDecodeBatch$$' -fuzztime 60s ./internal/ledger
	go test -run '^$$' -fuzz '^FuzzLedger$$' -fuzztime 60s ./internal/ledger

bench:
	bash bench/ingest.sh
	bash bench/api.sh
