"""The MkDocs adapter: the plugin's hooks, frames, the build command, serve and the preview.

The only package that imports MkDocs (tests/test_layers.py holds it to that)."""
