# hallkiosk — two commands for a fresh Debian 12 machine: `make run` and
# `make test`. Both install what is missing first (packaging/dev-deps.sh).
# Go's build and module caches live inside the repository (.cache/), so a
# build depends on nothing cached elsewhere on the machine.

# A go that builds go.mod's version: on a bare Debian 12 (Go 1.19) go.sh
# fetches that version's golang.org/toolchain module from the Go module
# proxy into .cache/ first (packaging/go.sh).
GO        ?= $(shell ./packaging/go.sh)
BIN       := bin/hallkiosk
PORTALSIM := bin/portalsim
CACHE     := $(CURDIR)/.cache
export GOCACHE    := $(CACHE)/go-build
export GOMODCACHE := $(CACHE)/gomod
# no_emoji: the kiosk shows no emoji; without Fyne's 4 MB colour emoji font
# the binary is smaller and nothing can make Fyne parse it.
# -trimpath for every build, test and vet alike, so `make run` after
# `make test` reuses the compiled packages instead of building them again.
export GOFLAGS    := -buildvcs=false -tags=no_emoji -trimpath
export LANG       ?= C.UTF-8
LDFLAGS   := -s -w -X main.version=$(shell git describe --always --dirty 2>/dev/null || echo dev)

.PHONY: all deps build deb run test vet screenshots bench bench-start bench-taps bench-idcard bench-outbox bench-print bench-speech bench-pinyin bench-figures bench-ask bench-hall bench-camera bench-staff clean

all: build

deps:
	@./packaging/dev-deps.sh

build: deps
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/hallkiosk
	$(GO) build -ldflags '$(LDFLAGS)' -o $(PORTALSIM) ./cmd/portalsim

# The demo: embedded portal simulator and simulated devices, in a window.
# Without a display it runs on a virtual one (look at it with `make screenshots`).
run: build
	@if [ -n "$$DISPLAY" ]; then \
		$(BIN) demo --windowed; \
	else \
		echo "no DISPLAY: starting the demo on a virtual screen (xvfb-run); see make screenshots"; \
		xvfb-run -a -s "-screen 0 1920x1080x24" $(BIN) demo --windowed; \
	fi

# The Debian package (bin/hallkiosk_VERSION_ARCH.deb), made by nfpm as a Go
# tool pinned in packaging/tools/go.mod; see packaging/nfpm.yaml.
DEB_VERSION ?= 0.1.0+git$(shell git rev-list --count HEAD 2>/dev/null || echo 0)
DEB_ARCH    ?= $(shell dpkg --print-architecture 2>/dev/null || $(GO) env GOARCH)
# Whoever builds the package for a hall puts their own address here.
DEB_MAINTAINER ?= hallkiosk packagers <packages@hallkiosk.invalid>
DEB         := bin/hallkiosk_$(DEB_VERSION)-1_$(DEB_ARCH).deb
deb: build
	@mkdir -p bin/deb
	@{ echo "hallkiosk ($(DEB_VERSION)-1) unstable; urgency=medium"; echo; \
	  echo "  * Built from commit $$(git rev-parse --short HEAD 2>/dev/null || echo unknown)."; echo; \
	  echo " -- $(DEB_MAINTAINER)  $$(git log -1 --format=%aD 2>/dev/null || date -R)"; } \
	  | gzip -9n > bin/deb/changelog.Debian.gz
	@gzip -9n < packaging/deb/hallkiosk.1 > bin/deb/hallkiosk.1.gz
	DEB_VERSION=$(DEB_VERSION) DEB_ARCH=$(DEB_ARCH) DEB_MAINTAINER='$(DEB_MAINTAINER)' $(GO) tool -modfile=packaging/tools/go.mod nfpm \
		package --config packaging/nfpm.yaml --packager deb --target $(DEB)
	@echo $(DEB)

vet: deps
	$(GO) vet ./...

# The patched Fyne's own tests (third_party/fyne/PATCHES.md, patches 7 and 8) run too.
test: vet
	$(GO) test -timeout 15m ./... fyne.io/fyne/v2/internal/driver/glfw fyne.io/fyne/v2/internal/cache

# PNGs of the main screens, rendered by the real GL driver on Xvfb.
screenshots: build
	./packaging/screenshots.sh $(BIN) docs/screenshots

bench: bench-start
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Start to first frame of the home screen, median of several runs.
bench-start: build
	./packaging/bench-start.sh $(BIN) 7

# Tap to the frame that shows its result, every tap of 社保缴费 from home to
# a submitted application, in the real window under Xvfb (p50, p99).
bench-taps: build
	./packaging/bench-taps.sh $(BIN) 10

# CPU share of one core and wakeups/s of the demo left alone on the attract
# loop, home and the ID-card waiting screen (60 s each), in the real window
# under Xvfb with software GL; RUNS=3 repeats it.
# A day's work in the real window: 100 citizen sessions (N=...), memory,
# goroutines, fds and the data dir printed every 10 and checked for growth,
# the disk and the log for personal data. Long: not part of make test.
.PHONY: soak
soak: build
	./packaging/soak.sh $(BIN) $${N:-100}

.PHONY: bench-idle
bench-idle: build
	./packaging/bench-idle.sh $(BIN) 60s

# One device or subsystem's benchmarks (figures for the closing notes).
BENCH = $(GO) test -run '^$$' -bench . -benchmem
bench-idcard: deps
	$(BENCH) ./devices/idcard/...
bench-outbox: deps
	$(BENCH) ./app/outbox/...
bench-print: deps
	$(BENCH) ./app/receipts/... ./devices/receipt/... ./devices/pdfrender/...
bench-speech: deps
	$(BENCH) ./speech/...
bench-pinyin: deps
	$(BENCH) ./app/pinyin/...
# A staff PIN check (argon2id, target 300 ms) and audit verify of a million rows.
bench-staff: deps
	$(BENCH) ./app/staff/... ./app/audit/...
bench-figures: deps
	$(BENCH) ./app/events/... ./app/figures/...
bench-ask: deps
	$(BENCH) ./app/ask/...
# The hall bus: call → shown on the window and change → live view (p99),
# then the window terminal's CPU and RSS with 50 simulated kiosks.
bench-hall: build
	$(BENCH) ./app/hall/... ./screens/window/...
	./packaging/bench-hall.sh $(BIN) 50 30
# The camera's Go benchmarks, then the face preview in the real window:
# 640x480 MJPEG at 15 fps decoded and drawn for 20 s (frames/s, CPU share).
bench-camera: build
	$(BENCH) ./devices/camera/... ./app/scan/...
	$(GO) test -run '^$$' -bench 'Preview' -benchmem ./screens/
	./packaging/bench-preview.sh $(BIN) 20s

clean:
	rm -rf bin
