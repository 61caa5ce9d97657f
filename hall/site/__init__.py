"""The site: pages, galleries, search, open data, images, QR codes, labels, headers and sanitising.

Engine-free: nothing here imports MkDocs (tests/test_layers.py holds it to that)."""
