"""Alert rules: loading, matching each processed batch, throttling and delivery (issue 5)."""
