"""Reading the polygon files analysts keep (GeoJSON, KML, KMZ, zipped Shapefile, GeoPackage, FlatGeobuf).

Everything goes through GDAL (pyogrio): it already knows each format's quirks (legacy GeoJSON `crs`
members, KML folders, shapefile `.prj` files), so we only choose the layers and bring the result to
WGS84. Archives are read in place through GDAL's `/vsizip/` virtual file system, never unpacked.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pyogrio
import pyogrio.errors

WGS84 = "EPSG:4326"
#: The files a folder is searched for; an explicitly named file is tried whatever its name.
VECTOR_SUFFIXES = (".geojson", ".json", ".kml", ".kmz", ".zip", ".shp", ".gpkg", ".fgb")
#: Inside a .zip, the first file with one of these suffixes is read (a zipped shapefile, usually).
ZIPPED_SUFFIXES = (".shp", ".gpkg", ".geojson", ".json", ".kml", ".fgb")


class UnreadableFile(ValueError):
    """A file GDAL cannot read as polygons: what was expected, in the project's words, and what GDAL found."""

    def __init__(self, expected: str, found: str | None = None):
        super().__init__(expected)
        self.expected = expected
        self.found = found


@dataclass(frozen=True)
class Layer:
    """One layer of one file, in WGS84; `name` is None for single-layer formats."""

    name: str | None
    frame: gpd.GeoDataFrame


def vector_files(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The files to read, in order (folders give their vector files sorted by name), and missing paths."""
    files, missing = [], []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in VECTOR_SUFFIXES)
        elif path.is_file():
            files.append(path)
        else:
            missing.append((path, "a file or folder that exists"))
    return files, missing


def gdal_path(path: Path) -> str:
    """What GDAL should open: the file itself, or the vector file inside a KMZ or ZIP archive."""
    suffix = path.suffix.lower()
    if suffix not in (".kmz", ".zip"):
        return str(path)
    wanted = (".kml",) if suffix == ".kmz" else ZIPPED_SUFFIXES
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableFile(f"a readable {suffix[1:].upper()} archive", str(exc)[:80]) from None
    for ending in wanted:
        inner = sorted(n for n in names if n.lower().endswith(ending) and not n.startswith("__MACOSX"))
        if inner:
            return f"/vsizip/{path.resolve()}/{inner[0]}"
    kinds = ", ".join(wanted)
    raise UnreadableFile(f"an archive holding a vector file ({kinds})", "none")


def read_layers(path: Path) -> list[Layer]:
    """Every layer of the file that holds polygons (or its first layer when none does), in WGS84.

    KML folders declare no geometry type ("Unknown"), so they are read and kept when they hold a polygon;
    a layer of only points (a GeoPackage of towns, a KML folder of markers) is not part of the map.
    """
    source = gdal_path(path)
    try:
        listed = pyogrio.list_layers(source)
        names = _candidate_layers(listed)
        layers = [Layer(name if len(listed) > 1 else None, _in_wgs84(_read(source, name))) for name in names]
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.CRSError) as exc:
        raise UnreadableFile("a vector file GDAL can read", _gdal_words(exc, source)) from None
    except (OSError, ValueError, RuntimeError) as exc:
        if isinstance(exc, UnreadableFile):
            raise
        raise UnreadableFile("a vector file GDAL can read", _gdal_words(exc, source)) from None
    return _with_polygons(layers)


def _candidate_layers(listed) -> list[str]:
    if len(listed) == 0:
        raise UnreadableFile("a vector file with at least one layer", "no layer")
    kinds = [(str(name), str(kind or "unknown").lower()) for name, kind in listed]
    candidates = [name for name, kind in kinds if "polygon" in kind or "unknown" in kind]
    return candidates or [kinds[0][0]]


def _with_polygons(layers: list[Layer]) -> list[Layer]:
    """The layers holding at least one polygon; all of them when none does (each row is then reported)."""
    kept = [layer for layer in layers if layer.frame.geometry.geom_type.str.contains("Polygon", na=False).any()]
    return kept or layers


def _read(source: str, layer: str) -> gpd.GeoDataFrame:
    # Arrow transfers the geometries in bulk: several times faster on long series of large shapes.
    return pyogrio.read_dataframe(source, layer=layer, use_arrow=True)


def _in_wgs84(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The frame in WGS84 lon/lat. A file without a CRS is taken as lon/lat only if its numbers fit."""
    if frame.crs is None:
        west, south, east, north = frame.total_bounds if len(frame) else (0, 0, 0, 0)
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise UnreadableFile(
                "a coordinate reference system (e.g. a .prj beside the .shp): the coordinates are not degrees"
            )
        return frame.set_crs(WGS84)
    if frame.crs.equals(WGS84, ignore_axis_order=True):  # GDAL already gives lon/lat order
        return frame
    return frame.to_crs(WGS84)


def _gdal_words(exc: Exception, source: str) -> str:
    """GDAL's complaint without the path (the problem line names the file already) or its advice."""
    text = str(exc).replace(f"'{source}'", "").replace(source, "").strip()
    first = text.split(";")[0].splitlines()[0] if text else type(exc).__name__
    return repr(first.strip().rstrip(".")[:100])
