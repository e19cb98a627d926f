"""The editorial discrepancy report (`corpuslint report`): the run's findings
regrouped for an editor, rendered as HTML (html.py) or Markdown (markdown.py)."""
