"""Teaching texts, one module per demo: the words both front ends show beside the results.

Each module holds plain strings (markdown) and, where a page shows a list of them,
`EXPLAINERS: tuple[tuple[str, str], ...]` of (title, text). No code, no UI imports.
"""
