"""The Streamlit entry point: `streamlit run dashboard/app.py` (or `make run`).

Streamlit serves `dashboard/static/` (Leaflet, the map code and the per-dataset map data) because this
script lives beside it; the page itself is `dashboard/ui/page.py`.
"""

from dashboard.ui.page import main

main()
