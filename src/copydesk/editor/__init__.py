"""The editor room: `copydesk edit`, a Textual app for post-editing one article.

Only `app` imports Textual; the logic that decides what to re-check and how issue offsets
move with the text (`textedit`, `recheck`, `ignores`, `session`, `scoring`) is plain Python,
so it is tested and benchmarked without a terminal.
"""
