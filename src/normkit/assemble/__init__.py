"""Building the model from parsed sources: outline, fields, resolution and rendering."""
