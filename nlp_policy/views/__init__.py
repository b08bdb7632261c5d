"""Ways to look at a record: the HTML report and its markup and palette, text tables,
displaCy rendering, and exports (JSON, JSON Lines, CSV). Depends on ``record`` only.
"""
