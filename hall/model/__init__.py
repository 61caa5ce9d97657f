"""The exhibits as curators write them: reading, schemas, vocabularies, checks and derived fields.

Engine-free: nothing here knows MkDocs or HTML."""
