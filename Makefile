# Studio Auto-Installer: build, test and run targets.
# `make test` is the project's test command; CI runs exactly that.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

RID ?= linux-x64
PUBLISH_DIR := artifacts/publish/$(RID)

.PHONY: help deps test test-fast publish demo bench build-AutoInstallerFunction

help:
	@echo "make deps     install the system packages the tests and demo need, and the Debian 13 jupyter_server 2 root (Debian, root)"
	@echo "make demo     the whole flow against a local Studio sandbox and a real Jupyter server"
	@echo "make test     run every check: build, unit and integration tests, AOT publish checks"
	@echo "make test-fast  the in-memory pipeline suite alone: fakes for SageMaker and Studio, local bash shells"
	@echo "make bench    benchmarks against the sandbox and a fake Runtime API (not part of make test)"
	@echo "make publish  publish the Native AOT bootstrap to $(PUBLISH_DIR)"
	@echo "make build-AutoInstallerFunction ARTIFACTS_DIR=dir"
	@echo "             the Lambda package (bootstrap + setup/) into dir; what sam build runs"

deps:
	./.ci/install-deps test

# Native AOT publish; any build, trim or AOT warning fails it, and so does a glibc newer than Lambda's.
publish:
	mkdir -p artifacts
	dotnet publish src/AutoInstaller -c Release -r $(RID) -o $(PUBLISH_DIR) 2>&1 | tee artifacts/publish.log
	if grep -E ': warning [A-Z]+[0-9]+' artifacts/publish.log; then echo "publish produced warnings" >&2; exit 1; fi
	./.ci/check-glibc $(PUBLISH_DIR)/bootstrap
	rm -rf $(PUBLISH_DIR)/setup && cp -r setup $(PUBLISH_DIR)/setup
	@echo "bootstrap: $$(stat -c %s $(PUBLISH_DIR)/bootstrap) bytes"

demo:
	./.ci/install-deps demo
	$(MAKE) --no-print-directory publish
	./.ci/demo

bench:
	./.ci/install-deps demo
	$(MAKE) --no-print-directory publish
	dotnet publish bench/InitBaseline -c Release -r $(RID) -o artifacts/bench/baseline --nologo -v quiet
	dotnet build src/StudioSandbox -c Release --nologo -v quiet
	python3 bench/bench.py

# Shell scripts are linted; the .NET tests print their figures (sizes, memory, timings) through the
# detailed console logger; the deployment checks lint and render template.yaml and judge events/ with moto.
test: deps publish
	shellcheck setup/*.sh setup/recipes/*.sh src/AutoInstaller/Setup/runner.sh .ci/run .ci/demo .ci/install-deps .ci/build-jupyterlab-root .ci/check-glibc
	dotnet test AutoInstaller.sln --logger "console;verbosity=detailed"
	python3 -m unittest discover -s tests/deployment -v

# The pipeline on in-memory ports: no Jupyter server, no sandbox, no network (also part of `make test`).
test-fast:
	dotnet test tests/AutoInstaller.InMemoryTests

# Called by `sam build` (template.yaml: Metadata BuildMethod makefile) with ARTIFACTS_DIR set.
# The function runs on x86_64 (template.yaml, Architectures), whatever RID says.
build-AutoInstallerFunction:
	$(if $(ARTIFACTS_DIR),,$(error ARTIFACTS_DIR is not set: run through sam build or pass ARTIFACTS_DIR=dir))
	@test -f setup/setup.sh || { echo "setup/setup.sh is missing: the package ships the setup/ folder" >&2; exit 1; }
	$(MAKE) --no-print-directory publish RID=linux-x64
	mkdir -p "$(ARTIFACTS_DIR)"
	cp artifacts/publish/linux-x64/bootstrap "$(ARTIFACTS_DIR)/bootstrap"
	rm -rf "$(ARTIFACTS_DIR)/setup"
	cp -R setup "$(ARTIFACTS_DIR)/setup"
