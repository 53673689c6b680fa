"""Nearest points on the globe with a KD-tree (scipy.spatial).

Points are indexed as unit vectors in 3-D: the straight-line (chord) distance between two unit
vectors grows with the great-circle distance, so the KD-tree's k nearest by chord are exactly the
k nearest by great-circle distance, anywhere on Earth, with no projection error.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.spatial import cKDTree

from eplesiran.workflow import EARTH_RADIUS_M


def unit_vectors(lon: ArrayLike, lat: ArrayLike) -> NDArray[np.float64]:
    lon_r = np.radians(np.asarray(lon, dtype=np.float64))
    lat_r = np.radians(np.asarray(lat, dtype=np.float64))
    cos_lat = np.cos(lat_r)
    return np.column_stack((cos_lat * np.cos(lon_r), cos_lat * np.sin(lon_r), np.sin(lat_r)))


def chord_to_metres(chord: ArrayLike) -> NDArray[np.float64]:
    return 2 * EARTH_RADIUS_M * np.arcsin(np.clip(np.asarray(chord) / 2, 0.0, 1.0))


def metres_to_chord(metres: float) -> float:
    return float(2 * np.sin(min(metres / EARTH_RADIUS_M, np.pi) / 2))


class PointIndex:
    """The points given as [lon, lat] arrays, for "the k nearest to here" questions."""

    def __init__(self, lon: ArrayLike, lat: ArrayLike) -> None:
        self.lon = np.asarray(lon, dtype=np.float64)
        self.lat = np.asarray(lat, dtype=np.float64)
        self._tree = cKDTree(unit_vectors(self.lon, self.lat)) if len(self.lon) else None

    def __len__(self) -> int:
        return len(self.lon)

    def nearest(
        self, lon: float, lat: float, k: int = 1, max_metres: float | None = None
    ) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
        """Indices of the ``k`` points nearest to [lon, lat], nearest first, and their great-circle
        distances in metres; fewer when there are fewer points (or fewer within ``max_metres``)."""
        if self._tree is None or k < 1:
            return np.empty(0, dtype=np.intp), np.empty(0)
        k = min(k, len(self.lon))
        bound = np.inf if max_metres is None else metres_to_chord(max_metres) * (1 + 1e-9)
        chord, index = self._tree.query(
            unit_vectors([lon], [lat])[0], k=k, distance_upper_bound=bound
        )
        chord, index = np.atleast_1d(chord), np.atleast_1d(index)
        found = np.isfinite(chord)
        return index[found].astype(np.intp), chord_to_metres(chord[found])
