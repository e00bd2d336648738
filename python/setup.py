"""Builds the GAIS engine's C interface with SwiftPM and ships it inside the `gais` package.

`pip install ./python` (or `pip wheel ./python`) from the repository runs
`swift build -c release --product GAISC` in the repository (the folder above this one) and
copies `.build/release/libGAISC.so` (SwiftPM cannot call the product `gais`: that is the
command-line tool) into the package as `gais/libgais.so`. Environment:
  GAIS_SWIFT           the swift executable (default: `swift` on PATH, else /opt/swift/usr/bin/swift)
  GAIS_SWIFT_BUILD_FLAGS extra `swift build` arguments, split on spaces (scripts/test-all passes
                       `-Xswiftc -enable-testing` so the build reuses the test build's objects)
  GAIS_PREBUILT_LIBRARY  an already built libGAISC.so to ship instead of building one
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
