"""The one exception of the boundary builder."""

from __future__ import annotations


class BuildError(Exception):
    """A check failed: reported as one line, exit status 1, nothing written."""
