"""Developer tooling shared by the scripts (and, later, the tests): a local Streamlit server, process
CPU and memory from /proc, percentiles, and a browserless Streamlit websocket client.

Imported as `from devkit.server import StreamlitServer` by scripts run as `python scripts/x.py`
(which puts scripts/ first on sys.path). Nothing here imports the dashboard.
"""
