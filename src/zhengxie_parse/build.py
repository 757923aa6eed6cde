"""Which zxparse this is: the version and a build id, a hash of the package's own files.

`__version__` changes only at a release, while the parsing code and its data change with every
commit; a batch that keyed "up to date" on the version kept plans an older build made. The build id
covers every source and data file of the installed package (an editable install included), so two
builds that parse differently never share one. It is computed once per process, on first use (the
package is well under a megabyte).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from . import __version__

_PACKAGE = Path(__file__).parent
_BUILT_FROM = ("**/*.py", "data/**/*")  # the code that parses and the data it reads; caches are not


@cache
def build_id() -> str:
    """12 hex digits of a hash of the package's files, their paths and contents, in a fixed order."""
    digest = hashlib.sha256()
    files = sorted({p for pattern in _BUILT_FROM for p in _PACKAGE.glob(pattern) if p.is_file()})
    for path in files:
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:12]


def build() -> str:
    """'0.1.0+3f2a9c1b7e4d': what batch reports, review pages and research tables record."""
    return f"{__version__}+{build_id()}"
