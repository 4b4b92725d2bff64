"""Per-country profiles: what cannot be derived from the packages (reviewed border decisions, reference points,
corrections of NE attribute errors). A country without a profile is built by the generic rules alone (`Profile()`).
"""

from __future__ import annotations

from .base import CheckPoint, Context, Profile
from .sudan import SUDAN
from .syria import SYRIA

__all__ = ["COUNTRY_PROFILES", "SUDAN", "SYRIA", "CheckPoint", "Context", "Profile"]

COUNTRY_PROFILES: dict[str, Profile] = {"SY": SYRIA, "SD": SUDAN}
