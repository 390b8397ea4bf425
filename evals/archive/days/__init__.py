"""Hand-written data for each archive day, one module per published issue."""
