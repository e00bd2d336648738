"""Builds the GAIS engine's C interface with SwiftPM and ships it inside the `gais` package.

`pip install ./python` (or `pip wheel ./python`) from the repository runs
`swift build -c release --product GAISC` in the repository (the folder above this one) and
copies `.build/release/libGAISC.so` (SwiftPM cannot call the product `gais`: that is the
command-line tool) into the package as `gais/libgais.so`. Environment:
  GAIS_SWIFT           the swift executable (default: `swift` on PATH, else /opt/swift/usr/bin/swift)
  GAIS_SWIFT_BUILD_FLAGS extra `swift build` arguments, split on spaces (scripts/test-all passes
                       `-Xswiftc -enable-testing` so the build reuses the test build's objects)
  GAIS_PREBUILT_LIBRARY  an already built libGAISC.so to ship instead of building one
  GAIS_BUNDLE_SWIFT_RUNTIME=1  also copy the Swift runtime libraries the library links (every
                       `ldd` dependency under a `lib/swift/` folder) into the package: its run path
                       includes its own folder, so the wheel then runs where Swift is not
                       installed (e.g. Spark executors; docs/spark.md)
No Swift build runs concurrently with this one only if the caller takes care of it (the
repository's scripts wrap pip in `flock /tmp/gais-swift.lock`).
"""

import os
import shutil
import subprocess
import sys

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

try:
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # setuptools < 70.1
    from wheel.bdist_wheel import bdist_wheel

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
LIBRARY = "libgais.dylib" if sys.platform == "darwin" else "libgais.so"
BUILT = "libGAISC.dylib" if sys.platform == "darwin" else "libGAISC.so"


def swift():
    explicit = os.environ.get("GAIS_SWIFT")
    if explicit:
        return explicit
    found = shutil.which("swift")
    if found:
        return found
    if os.path.exists("/opt/swift/usr/bin/swift"):
        return "/opt/swift/usr/bin/swift"
    sys.exit("error: no Swift toolchain found (put swift on PATH or set GAIS_SWIFT); "
             "the gais package is built from the Swift engine")


def build_library():
    prebuilt = os.environ.get("GAIS_PREBUILT_LIBRARY")
    if prebuilt:
        return prebuilt
    if not os.path.exists(os.path.join(REPO, "Package.swift")):
        sys.exit(f"error: {REPO} holds no Package.swift; build the package from the GAIS repository's python/ folder")
    command = [swift(), "build", "-c", "release", "--product", "GAISC"]
    command += os.environ.get("GAIS_SWIFT_BUILD_FLAGS", "").split()
    print("building the engine: " + " ".join(command), file=sys.stderr, flush=True)
    subprocess.check_call(command, cwd=REPO, stdout=sys.stderr)
    return os.path.join(REPO, ".build", "release", BUILT)


class BuildWithEngine(build_py):
    def run(self):
        super().run()
        source = build_library()
        target = os.path.join(self.build_lib, "gais", LIBRARY)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(source, target)
        os.chmod(target, 0o755)
        if os.environ.get("GAIS_BUNDLE_SWIFT_RUNTIME") == "1":
            for dependency in swift_runtime(target):
                copy = os.path.join(os.path.dirname(target), os.path.basename(dependency))
                shutil.copyfile(dependency, copy)
                os.chmod(copy, 0o755)


def swift_runtime(library):
    """The Swift runtime libraries `library` loads (ldd's resolved paths under lib/swift/)."""
    if sys.platform == "darwin":
        sys.exit("error: GAIS_BUNDLE_SWIFT_RUNTIME is for Linux (macOS has the Swift runtime built in)")
    listing = subprocess.run(["ldd", library], check=True, capture_output=True, text=True).stdout
    found = []
    for line in listing.splitlines():
        if "=>" not in line:
            continue
        path = line.split("=>", 1)[1].strip().split(" (")[0]
        if "/lib/swift/" in path and os.path.exists(path):
            found.append(path)
    if not found:
        sys.exit(f"error: ldd lists no Swift runtime library for {library}")
    return found


class PlatformWheel(bdist_wheel):
    """The wheel holds a native library but no Python extension: any CPython 3, this platform."""

    def finalize_options(self):
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self):
        _, _, platform = super().get_tag()
        return "py3", "none", platform


class BinaryDistribution(Distribution):
    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": BuildWithEngine, "bdist_wheel": PlatformWheel}, distclass=BinaryDistribution)
