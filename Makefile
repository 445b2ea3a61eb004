# Front door for people and CI. Every target that builds installs missing packages first, so on a
# fresh Debian machine `make demo` and `make test` are the only commands anyone needs.
JOBS      ?= $(shell nproc)
GENERATOR := $(shell command -v ninja >/dev/null 2>&1 && echo Ninja || echo "Unix Makefiles")
RELEASE   := build/release
CHECK     := build/check
FUZZ      := build/fuzz
PACKAGE   := build/package

.PHONY: deps build test check-build unit fuzz-smoke conformance-deps package demo bench format format-check \
        clean

deps:
	@scripts/install-deps

$(RELEASE)/CMakeCache.txt:
	cmake -S . -B $(RELEASE) -G "$(GENERATOR)" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHF2MS_UNITY=ON

build: deps $(RELEASE)/CMakeCache.txt
	cmake --build $(RELEASE) -j $(JOBS)

# The test build: Debug, -Werror, AddressSanitizer + UndefinedBehaviorSanitizer.
$(CHECK)/CMakeCache.txt:
	cmake -S . -B $(CHECK) -G "$(GENERATOR)" -DCMAKE_BUILD_TYPE=Debug -DHF2MS_WERROR=ON \
	  -DHF2MS_SANITIZE=address,undefined

check-build: deps $(CHECK)/CMakeCache.txt
	cmake --build $(CHECK) -j $(JOBS)

conformance-deps: deps
	@scripts/install-conformance-deps

# The test run also checks the .deb (tests/package): it must exist here, so its test fails
# rather than skips.
test: check-build conformance-deps fuzz-smoke package
	cd $(CHECK) && HF2MS_PACKAGE_DIR=$(CURDIR)/$(PACKAGE) HF2MS_REQUIRE_PACKAGE=1 \
	  ctest --output-on-failure -j $(JOBS)

# The Debian package hf2ms_<version>_<arch>.deb in $(PACKAGE) (cmake/package.cmake, docs/install.md):
# a Release build of the shipped programs only, never sanitized, stripped by cpack.
$(PACKAGE)/CMakeCache.txt:
	cmake -S . -B $(PACKAGE) -G "$(GENERATOR)" -DCMAKE_BUILD_TYPE=Release -DHF2MS_SANITIZE= \
	  -DHF2MS_BUILD_TESTS=OFF -DHF2MS_BUILD_BENCH=OFF

package: deps $(PACKAGE)/CMakeCache.txt
	cmake --build $(PACKAGE) -j $(JOBS)
	cd $(PACKAGE) && cpack -G DEB

$(FUZZ)/CMakeCache.txt:
	CXX=clang++ cmake -S . -B $(FUZZ) -G "$(GENERATOR)" -DCMAKE_BUILD_TYPE=Debug -DHF2MS_FUZZ=ON \
	  -DHF2MS_BUILD_TESTS=OFF -DHF2MS_BUILD_BENCH=OFF

fuzz-smoke: deps $(FUZZ)/CMakeCache.txt
	cmake --build $(FUZZ) -j $(JOBS) --target fuzzers
	@scripts/fuzz-smoke $(FUZZ)

# The demo runs only the two programs, so it builds only those; the test suite and the
# benchmarks are `make test`'s and `make bench`'s (docs/build.md).
demo: deps $(RELEASE)/CMakeCache.txt
	cmake --build $(RELEASE) -j $(JOBS) --target hf2ms hf2ms-hubsim
	@scripts/demo $(RELEASE)

bench: build
	@scripts/bench $(RELEASE)

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

format-check:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror

clean:
	rm -rf build
