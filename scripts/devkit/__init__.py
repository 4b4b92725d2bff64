"""Developer tooling shared by the scripts and the tests: a local Streamlit server, process CPU and memory
from /proc, percentiles, a browserless Streamlit websocket client, Chromium helpers and the naive baseline app.

Imported as `from devkit.server import StreamlitServer` by scripts run as `python scripts/x.py`
(which puts scripts/ first on sys.path). Nothing here imports the dashboard, except naive_app.py: the
benchmark baseline, a Streamlit script that `naive.NaiveApp` serves (never imported).
"""
