# Studio Auto-Installer: build, test and run targets.
# `make test` is the project's test command; CI runs exactly that.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

RID ?= linux-x64
PUBLISH_DIR := artifacts/publish/$(RID)

.PHONY: help deps test publish build-AutoInstallerFunction

help:
	@echo "make deps     install the system packages the tests and demo need (Debian, root)"
	@echo "make test     run every check: build, unit and integration tests, AOT publish checks"
	@echo "make publish  publish the Native AOT bootstrap to $(PUBLISH_DIR)"

deps:
	./.ci/install-deps

publish:
	dotnet publish src/AutoInstaller -c Release -r $(RID) -o $(PUBLISH_DIR)

test: deps
	dotnet test AutoInstaller.sln -c Release
