"""Country profiles: what cannot be derived from the packages (reviewed border decisions, reference points,
corrections of NE attribute errors). A profile is data, not code: the file `profile.json` in the dataset's boundaries
folder (the build's --out), read and checked by loader.py. A country without one is built by the generic rules alone
(`Profile()`).
"""

from __future__ import annotations

from .base import CheckPoint, Profile
from .loader import PROFILE_FILE, find_profile, load_profile, shown_path

__all__ = ["PROFILE_FILE", "CheckPoint", "Profile", "find_profile", "load_profile", "shown_path"]
