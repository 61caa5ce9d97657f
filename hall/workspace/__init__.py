"""The curators' workspace in `serve` (/_edit/): forms in front of the exhibit files.

Engine-free: `store` (open, check with `hall check`'s functions, save, history, new), `yamlio` (round-trip
YAML), `form` (the form's schema and suggestions), `upload` (photos), `guards` (who may read and write),
`app` (the WSGI application). hall.engine.serve, which knows MkDocs, mounts `app` and adds `button` to pages.
"""
