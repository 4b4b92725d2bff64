"""Renderers: turn core results into a Folium map, static images and export files."""
