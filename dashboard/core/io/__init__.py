"""Everything in the core that touches files, apart from the pure computations (as geopandas keeps its
`io/`): reading and validating a dataset folder (loader), the hot-reloading store and the catalogue of
dataset folders, atomic writes, and the user's event files (import, DuckDB queries)."""
