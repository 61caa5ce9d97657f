"""Registers (名录): the lists of names a union publishes, and the import of its spreadsheets."""
