# MarketMakerL: the targets users know, mapped onto nx targets and the app CLIs.
# Every target that needs code runs `setup` first (npm ci when the lockfile changed) and builds
# what it runs, so each one works straight from a fresh clone.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PAPER_ONLY ?= 1
export PAPER_ONLY
export NX_DAEMON ?= false
export NX_NO_CLOUD := true
export NX_TUI := false

# Where the real recorded data lives (read-only; never copied into the repo).
MML_SHARED_DATA ?= $(abspath $(CURDIR)/../shared/data)
export MML_SHARED_DATA

EXCHANGE ?= binance
SYMBOL ?= BTC/USDT
TIMEFRAME ?= 1m
DAYS ?= 30
N ?= 10
ITERATIONS ?= 20
INTERVAL_MS ?= 60000
SEED ?= 42
# The A-S 2008 replication's seed (the paper's year), independent of SEED.
AS2008_SEED ?= 2008
FORMAT ?= as-stable
BUDGET ?= 10000
WORKERS ?=
DATA ?=
MAKER_FEE_BPS ?=
TAKER_FEE_BPS ?=
EXCHANGE_URL ?= $(MML_EXCHANGE_URL)
EXCHANGE_WS_URL ?= $(MML_EXCHANGE_WS_URL)
# realtime-paper: stream (websocket, the paper mode) or poll (REST candles + book per interval).
MODE ?= stream
RESUME ?=
RUN ?=
QUALITY ?=
# The websocket mock (make mock-exchange): raw captures replayed at SPEED x real time.
CAPTURE ?= $(MML_SHARED_DATA)/ticks/binance_usdm_btcusdt_2024-08-08.gz
SPEED ?= 1
WS_FAULTS ?=
QUEUE ?= $(MML_QUEUE)
CONCURRENCY ?=
# A run config file (examples/*.yaml): with CONFIG= the app reads its settings from the file and the
# variables above are not passed (they would override it); extra flags go in ARGS=.
CONFIG ?=
ARGS ?=
PLUGIN ?=

NX := npx nx
NODE := node
workers_flag := $(if $(WORKERS),--workers $(WORKERS),)
window_flags := $(if $(HOURS),--hours $(HOURS),)$(if $(MINUTES),--minutes $(MINUTES),)
url_flag := $(if $(EXCHANGE_URL),--exchange-url $(EXCHANGE_URL),)
ws_url_flag := $(if $(EXCHANGE_WS_URL),--exchange-ws-url $(EXCHANGE_WS_URL),)
queue_flag := $(if $(QUEUE),--queue $(QUEUE),)
fee_flags := $(if $(MAKER_FEE_BPS),--maker-fee-bps=$(MAKER_FEE_BPS),) $(if $(TAKER_FEE_BPS),--taker-fee-bps=$(TAKER_FEE_BPS),)
plugin_flag := $(if $(PLUGIN),--plugin '$(PLUGIN)',)
config_args := --config '$(CONFIG)' $(plugin_flag) $(ARGS)
# The apps run through their nx `run` targets (which build what they need first), as
# `npx nx run research:run --args="..."` does by hand; research through run_built_app (below).
run_app = $(NX) run $(1):run --args="$(2)"
# Research runs in seconds, so nx's own startup (~5 s of CPU) would double it: its targets run the
# built CLI directly, building it through nx first only when a source is newer than its build.
run_built_app = NX='$(NX)' NODE='$(NODE)' tools/run-built-app.sh $(1) $(2)
SHARED_1M := $(MML_SHARED_DATA)/binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz

.PHONY: config-schema
config-schema: build ## JSON Schema of each app's run config file -> artifacts/config-schema/<app>.schema.json [PLUGIN=my-format.js]
	$(NX) run @mml/workflows:config-schema --args="--out-dir artifacts/config-schema $(plugin_flag)"

.PHONY: help setup build lint typecheck test validate demo campaign research-budgets walk-forward \
        notebook realtime-paper replay-paper paper-status record mock-exchange fetch-data fetch-trades bench check-book known-edge tick-vs-candle replicate-as2008 rl-learning-curve run-live realtime-live \
        verify-boundaries check-team verify-pack smoke workboard clean docker-build docker-demo docker-research \
        docker-walk-forward docker-campaign docker-realtime-paper docker-test worker

help: ## List the targets
	@grep -E '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

node_modules/.package-lock.json: package-lock.json package.json
	npm ci --no-audit --no-fund
	@touch $@

setup: node_modules/.package-lock.json ## Install dependencies from the lockfile (npm ci) when needed

build: setup ## Build every package and app (tsc -> dist/)
	$(NX) run-many -t build

lint: setup ## Lint everything, including the module-boundary rules
	$(NX) run-many -t lint

typecheck: setup ## Type-check sources and tests
	$(NX) run-many -t typecheck

test: setup ## Install, build, lint, type-check, run every test, prove boundaries, ownership and packing
	$(NX) run-many -t build lint typecheck test
	$(NODE) --test tools/workboard/
	$(NODE) --test tools/notebooks/
	$(NODE) --test tools/run-built-app.test.js
	./tools/verify-boundaries.sh
	$(NODE) tools/workboard/check-team.js
	./tools/verify-pack.sh
	$(call run_app,research,--days 1 --rl-warmup-days 0 --formats as-stable --tiers 10000 --workers 1 --out artifacts/nx-run-check $(if $(wildcard $(SHARED_1M)),--data '$(SHARED_1M)',))

validate: test smoke workboard ## test + a short smoke run of each app + WORKBOARD.md refreshed from measured results

demo: setup ## Main job on a built-in default (no network, no keys): research on the built-in known-edge synthetic market (BTC/USDT-like)
	$(call run_built_app,research,--source synthetic --days $(DAYS) --seed $(SEED) $(workers_flag) $(queue_flag))


research-budgets: setup ## Budget tiers x formats [x fee tiers]: EXCHANGE= SYMBOL= [DAYS=30|HOURS=|MINUTES=] [DATA=kline csv, or tick captures/CSVs/dir, comma-separated] [MAKER_FEE_BPS=-0.5,0,2,10] [TAKER_FEE_BPS=] [EXCHANGE_URL=] [PLUGIN=] | CONFIG=run.yaml [ARGS=]
	$(call run_built_app,research,$(if $(CONFIG),$(config_args),--exchange $(EXCHANGE) --symbol '$(SYMBOL)' --days $(DAYS) --seed $(SEED) \
	  $(if $(DATA),--source file --data '$(DATA)',--source exchange $(url_flag)) $(workers_flag) $(queue_flag) $(fee_flags) $(window_flags) $(if $(QUALITY),--quality $(QUALITY),) $(plugin_flag) $(ARGS)))


walk-forward: setup ## Walk-forward optimisation: EXCHANGE= SYMBOL= DAYS=30 [HOURS=|MINUTES=] [DATA=klines or ticks] [WF_ARGS='--train-minutes 3 --test-minutes 1'] [EXCHANGE_URL=] [PLUGIN=] | CONFIG=run.yaml [ARGS=]
	$(call run_app,walk-forward,$(if $(CONFIG),$(config_args) $(WF_ARGS),--exchange $(EXCHANGE) --symbol '$(SYMBOL)' --days $(DAYS) --seed $(SEED) \
	  $(if $(DATA),--source file --data '$(DATA)',--source exchange $(url_flag)) $(workers_flag) $(queue_flag) $(window_flags) $(plugin_flag) $(WF_ARGS) $(ARGS)))


campaign: setup ## N seeded synthetic runs per format: N=10 [DATA=files: N consecutive slices of recorded candles/ticks] [PLUGIN=] | CONFIG=run.json [ARGS=]
	$(call run_app,campaign,$(if $(CONFIG),$(config_args),--n $(N) --seed $(SEED) $(workers_flag) $(queue_flag) $(if $(DATA),--data '$(DATA)' $(window_flags)) $(plugin_flag) $(ARGS)))


.PHONY: bench-queue
bench-queue: build ## Research wall time: local pool (1, 2 threads) vs the queue (1, 2, 4 worker processes); needs redis-server
	./tools/queue/bench-queue.sh

worker: build ## Serve queued sweeps (QUEUE= on research/walk-forward/campaign): QUEUE=redis://host:port [CONCURRENCY=]; a sweep's --plugin paths must resolve on this machine
	$(NODE) packages/workflows/dist/cli/queue-worker.js --queue '$(QUEUE)' $(if $(CONCURRENCY),--concurrency $(CONCURRENCY),)

notebook: build ## Execute the example notebooks headless (examples/notebooks/, TypeScript kernel tslab; needs Debian's jupyter-nbconvert + python3-ipykernel) into tmp/notebooks/
	./tools/notebooks/execute-notebooks.sh

realtime-paper: setup ## Paper trading on live public streams (MODE=stream, default: websocket book + trades + bookTicker through the L2 simulator, every message recorded): EXCHANGE= SYMBOL= FORMAT= [MINUTES=] [EXCHANGE_URL=] [EXCHANGE_WS_URL=] [RESUME=<session dir>] [PLUGIN=]; MODE=poll: TIMEFRAME=1m ITERATIONS=20 [INTERVAL_MS=] | CONFIG=run.yaml [ARGS=]
	$(call run_app,realtime-paper,$(if $(CONFIG),$(config_args),--mode $(MODE) --exchange $(EXCHANGE) --symbol '$(SYMBOL)' --format $(FORMAT) --budget $(BUDGET) $(url_flag) $(ws_url_flag) \
	  $(if $(filter poll,$(MODE)),--timeframe $(TIMEFRAME) --iterations $(ITERATIONS) --interval-ms $(INTERVAL_MS),$(if $(MINUTES),--minutes $(MINUTES),)) $(if $(RESUME),--resume '$(RESUME)',) $(plugin_flag) $(ARGS)))

replay-paper: build ## Replay a stream paper session's capture through the backtest: fills (byte for byte), equity and attribution must match its log; exit 1 if not: [RUN=<run-id>] (default: the newest)
	$(NODE) packages/workflows/dist/cli/replay-paper.js $(if $(RUN),--run '$(RUN)',)

paper-status: build ## Summary of a running or finished stream paper session (PnL attribution, fills, inventory, uptime per side, faults) + its report.html: [RUN=<run-id>] (default: the newest)
	$(NODE) packages/workflows/dist/cli/paper-status.js $(if $(RUN),--run '$(RUN)',)

record: build ## Record public streams (depth + snapshot, trades, bookTicker) without trading: EXCHANGE=binance|binanceusdm|binancecoinm SYMBOL= MINUTES= [EXCHANGE_URL=] [EXCHANGE_WS_URL=] -> artifacts/realtime/<run-id>/capture.txt
	$(NODE) packages/market-data/dist/cli/record.js --exchange $(EXCHANGE) --symbol '$(SYMBOL)' --minutes $(or $(MINUTES),1) $(url_flag) $(ws_url_flag)

mock-exchange: setup ## Local mock exchange (REST + websocket) replaying captures: [CAPTURE=a.gz[,b.gz]] [SPEED=1|10|max] [WS_FAULTS='drop:at=2000,stream=depth disconnect:at=5000']; prints its URLs
	$(NODE) tools/mock-exchange/server.js --port $(or $(PORT),0) --capture '$(CAPTURE)' --speed $(SPEED) $(foreach f,$(WS_FAULTS),--ws-fault $(f))

fetch-data: build ## Download klines to data/real/...: EXCHANGE= SYMBOL= TIMEFRAME=1m DAYS=30 [EXCHANGE_URL=]
	$(NODE) packages/market-data/dist/cli/fetch-data.js --exchange $(EXCHANGE) --symbol '$(SYMBOL)' \
	  --timeframe $(TIMEFRAME) --days $(DAYS) --data-dir data $(url_flag)

bench: build ## Engine speed (events/s, peak memory, engine vs a hand-fused loop), L2 book maintenance (M depth rows/s), tick backtests (L2 book + queue + latency), every format end to end vs the bench quoter (1m candles, ticks) and research-budgets wall time [SYNTHETIC_EVENTS=1e8]
	$(NODE) --expose-gc packages/backtest-engine/dist/bench/bench.js --data '$(MML_SHARED_DATA)'
	$(NODE) packages/market-data/dist/bench/book-bench.js --data '$(MML_SHARED_DATA)'
	$(NODE) packages/workflows/dist/bench/tick-bench.js --data '$(MML_SHARED_DATA)' $(if $(SYNTHETIC_EVENTS),--synthetic-events $(SYNTHETIC_EVENTS))
	$(NODE) packages/workflows/dist/bench/format-bench.js --data '$(MML_SHARED_DATA)'

fetch-trades: build ## Public trades into data/real/...: SYMBOL= [HOURS=1] [KIND=aggTrades|trades] [EXCHANGE_URL=]
	$(NODE) packages/market-data/dist/cli/fetch-trades.js --exchange $(EXCHANGE) --symbol '$(SYMBOL)' \
	  --hours $(or $(HOURS),1) --kind $(or $(KIND),aggTrades) --data-dir data $(url_flag)

check-book: build ## Rebuild the L2 book of raw captures and match it to their bookTicker: DATA=a.gz[,b.gz] (files or dirs)
	$(NODE) packages/market-data/dist/cli/check-book.js --data '$(DATA)'

tick-vs-candle: build ## Tick-level (L2) vs candle-level fills on the same minutes of a capture, with markouts: DATA=<capture files>
	$(NODE) packages/workflows/dist/bench/tick-vs-candle.js --data '$(DATA)'

known-edge: build ## Known-edge study: true vs measured spread capture / adverse selection per quoting rule (ticks and candles), < 1 min
	$(NODE) packages/workflows/dist/cli/known-edge.js --out artifacts/known-edge

replicate-as2008: setup ## Avellaneda-Stoikov (2008) section 3.3: standalone and through the engine -> artifacts/replication/ (seed 2008)
	$(NX) run @mml/models:replicate-as2008 --args="--out artifacts/replication --seed $(AS2008_SEED)"
	$(NX) run @mml/workflows:replicate-as2008-engine --args="--out artifacts/replication --seed $(AS2008_SEED)"


rl-learning-curve: setup ## Q-learning on the A-S 2008 market vs the closed form -> artifacts/replication/rl-learning-curve.json
	$(NX) run @mml/models:rl-learning-curve --args="--out artifacts/replication --seed 2008"


# Live trading does not exist in this product. The guard is here so the familiar targets fail
# loudly instead of doing something surprising: refused while PAPER_ONLY=1 (the default), and
# refused anyway otherwise because no live order path is built.
run-live realtime-live: ## Refused: live order placement is blocked (PAPER_ONLY=1 by default)
	@if [ "$(PAPER_ONLY)" = "1" ] || [ -z "$(PAPER_ONLY)" ]; then \
	  echo "refused: '$@' places real orders, which is blocked while PAPER_ONLY=1 (the default). Use 'make realtime-paper'." >&2; \
	else \
	  echo "refused: '$@': PAPER_ONLY=$(PAPER_ONLY), but this build has no live order path at all (paper only)." >&2; \
	fi; exit 2

verify-boundaries: setup ## Prove that forbidden imports fail lint
	./tools/verify-boundaries.sh

check-team: ## agent_ops/team.yaml names only real packages/apps and every one has an owner
	$(NODE) tools/workboard/check-team.js

verify-pack: build ## npm pack every package and import the tarballs from a scratch project
	./tools/verify-pack.sh

smoke: build ## A short run of each app on small data
	./tools/smoke-apps.sh

workboard: ## Rewrite the status table of agent_ops/WORKBOARD.md from the latest artifacts
	$(NODE) tools/workboard/update-workboard.js

# ---------------------------------------------------------------- Docker
# Every docker target works from nothing: tools/docker/with-engine.sh uses the running engine or
# starts Debian's dockerd (root) and stops it by PID; the base image is built locally (no registry).
# Containers run as uid 10001: the host's artifacts/ and data/ must be writable by it
# (chown 10001 artifacts data), or set DOCKER_USER=$$(id -u):$$(id -g).
BASE_IMAGE ?= mml/node-base:20.20.2
DOCKER_IMAGE ?= marketmakerl:dev
DOCKER_USER ?= 10001:10001
DOCKER_NETWORK ?=
DOCKER_ENGINE := ./tools/docker/with-engine.sh
comma := ,
docker_data_dir := $(if $(DATA),$(abspath $(dir $(firstword $(subst $(comma), ,$(DATA))))),)
docker_data_flag := $(if $(DATA),--source file --data $(subst $(docker_data_dir)/,/data/input/,$(abspath $(DATA))),)
docker_run = mkdir -p artifacts data && docker run --rm --user $(DOCKER_USER) $(if $(DOCKER_NETWORK),--network $(DOCKER_NETWORK),) \
  -e PAPER_ONLY=1 $(if $(EXCHANGE_URL),-e MML_EXCHANGE_URL=$(EXCHANGE_URL),) \
  -v $(CURDIR)/artifacts:/app/artifacts -v $(CURDIR)/data:/app/data -v $(MML_SHARED_DATA):/data/shared:ro \
  $(if $(docker_data_dir),-v $(docker_data_dir):/data/input:ro,) $(DOCKER_IMAGE)
docker_build = ./tools/docker/build-base-image.sh $(BASE_IMAGE) && docker build -q -f docker/Dockerfile --build-arg BASE_IMAGE=$(BASE_IMAGE) -t $(DOCKER_IMAGE) . >/dev/null

docker-build: ## Build the base image (debootstrap + Node from npm; cached) and the app image
	$(DOCKER_ENGINE) sh -c '$(docker_build)'

docker-demo: ## `make demo` in a container: research on the synthetic default, report in artifacts/
	$(DOCKER_ENGINE) sh -c '$(docker_build) && $(docker_run) node apps/research/dist/main.js --source synthetic --days $(DAYS) --seed $(SEED) $(workers_flag)'

docker-research: ## research-budgets in a container (same variables; DATA= a file, mounted read-only)
	$(DOCKER_ENGINE) sh -c '$(docker_build) && $(docker_run) node apps/research/dist/main.js --exchange $(EXCHANGE) --symbol "$(SYMBOL)" --days $(DAYS) --seed $(SEED) $(if $(DATA),$(docker_data_flag),--source exchange $(url_flag)) $(workers_flag)'

docker-walk-forward: ## walk-forward in a container (same variables)
	$(DOCKER_ENGINE) sh -c '$(docker_build) && $(docker_run) node apps/walk-forward/dist/main.js --exchange $(EXCHANGE) --symbol "$(SYMBOL)" --days $(DAYS) --seed $(SEED) $(if $(DATA),$(docker_data_flag),--source exchange $(url_flag)) $(workers_flag)'

docker-campaign: ## campaign in a container: N=
	$(DOCKER_ENGINE) sh -c '$(docker_build) && $(docker_run) node apps/campaign/dist/main.js --n $(N) --seed $(SEED) $(workers_flag)'

docker-realtime-paper: ## realtime-paper in a container (same MODE= and variables as realtime-paper; DOCKER_NETWORK=host to reach a mock on loopback)
	$(DOCKER_ENGINE) sh -c '$(docker_build) && $(docker_run) node apps/realtime-paper/dist/main.js --mode $(MODE) --exchange $(EXCHANGE) --symbol "$(SYMBOL)" --format $(FORMAT) --budget $(BUDGET) $(url_flag) $(ws_url_flag) $(if $(filter poll,$(MODE)),--timeframe $(TIMEFRAME) --iterations $(ITERATIONS) --interval-ms $(INTERVAL_MS),$(if $(MINUTES),--minutes $(MINUTES),))'

docker-test: ## From nothing: engine, base image, app image, every app in a container, uid/PAPER_ONLY/refusal checks
	$(DOCKER_ENGINE) ./tools/docker/docker-test.sh

clean: ## Remove build outputs (keeps artifacts/ and data/)
	rm -rf packages/*/dist apps/*/dist .nx/cache
