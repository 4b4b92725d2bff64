"""Conflict map dashboard: who held what, when, and according to whom.

`dashboard.core` is the pure data layer (no Streamlit, no Folium); `dashboard.render` turns core results
into maps, images and files; `dashboard/app.py` is the Streamlit page that wires widgets to both.
"""
