"""Marker thinning for static maps: rank 1 always, then by rank and spacing, up to a limit."""

from __future__ import annotations

import numpy as np

from dashboard.render.static.thinning import thin_by_rank


def pairwise_min(xy: np.ndarray) -> float:
    d = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    return float(d[~np.eye(len(xy), dtype=bool)].min())


def test_rank_one_always_then_spaced_by_rank():
    rng = np.random.default_rng(3)
    xy = rng.uniform(0, 500, size=(3000, 2))
    ranks = rng.choice([1, 2, 3], size=3000, p=[0.01, 0.09, 0.9])
    keep = thin_by_rank(xy, ranks, np.full(3000, 4.0), spacing=20.0, limit=10_000)
    assert keep[ranks == 1].all(), "every rank-1 place is drawn"
    optional = keep & (ranks != 1)
    assert pairwise_min(xy[keep & (ranks != 1)]) >= 20.0
    assert 0 < optional.sum() < (500 / 20 + 1) ** 2, "no more than fit at this spacing"
    assert keep[ranks == 2].mean() > keep[ranks == 3].mean(), "higher ranks are preferred"


def test_the_limit_and_the_forced_set():
    xy = np.column_stack([np.arange(100) * 50.0, np.zeros(100)])
    ranks = np.full(100, 3)
    forced = np.zeros(100, dtype=bool)
    forced[[5, 6]] = True
    keep = thin_by_rank(xy, ranks, np.full(100, 3.0), spacing=10.0, limit=7, always=forced)
    assert keep.sum() == 9 and keep[[5, 6]].all()


def test_overlapping_big_markers_need_their_radii_apart():
    xy = np.asarray([[0.0, 0.0], [15.0, 0.0], [40.0, 0.0]])
    keep = thin_by_rank(xy, np.asarray([2, 3, 3]), np.asarray([10.0, 8.0, 8.0]), spacing=5.0)
    assert keep.tolist() == [True, False, True]
