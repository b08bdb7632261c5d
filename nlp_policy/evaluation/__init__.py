"""Scoring against gold: ``extraction`` (entities and clauses against ``*.gold.json``)
and ``qa`` (strict accuracy of answers on a question set).
"""
