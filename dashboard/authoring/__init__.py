"""Tools for people bringing their own conflict: scaffold a dataset, import a spreadsheet of changes,
store a source's text. Pure Python over the dataset files (no Streamlit); the CLI wraps them."""
